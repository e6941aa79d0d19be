import MMIngest
import MMModel

/// SPEC 4.3: slash dates are never guessed. A file whose `a/b/yyyy` values prove a format
/// other than the pipeline file's — a first part > 12 when the first slash format of
/// `input.date_formats` is `MM/DD/YYYY`, a second part > 12 when it is `DD/MM/YYYY` — gets an
/// `ING-013` ERROR naming `input.date_formats`, and none of its slash dates is used: the file
/// is read with ISO dates only, so each slash date is a value not used, with its own finding.
public enum SlashDateCheck {
    /// The `ING-013` finding when `evidence` contradicts `formats`, nil otherwise (also when
    /// no slash format is declared: every slash date is then invalid anyway).
    public static func contradiction(_ evidence: SlashDateEvidence, formats: [DateFormat], file: String) -> Finding? {
        guard let declared = formats.first(where: { $0 != .ymd }) else { return nil }
        let proof: (value: String, line: Int)?
        let reason: String
        switch declared {
        case .dmy:
            proof = evidence.secondPartAbove12
            reason = "its second part is above 12, so it is not DD/MM/YYYY (it looks like MM/DD/YYYY)"
        case .mdy:
            proof = evidence.firstPartAbove12
            reason = "its first part is above 12, so it is not MM/DD/YYYY (it looks like DD/MM/YYYY)"
        case .ymd:
            return nil
        }
        guard let proof else { return nil }
        let declaredList = formats.map(\.rawValue).joined(separator: ", ")
        return Finding(.ING013, table: nil, location: .row(Provenance(file: file, line: proof.line)), value: proof.value,
                       message: "\(file):\(proof.line): the date '\(proof.value)' does not fit the declared input.date_formats [\(declaredList)]: \(reason); slash dates are never guessed, so none of this file's slash dates is used — declare the file's real format under input.date_formats in the pipeline file (a pipeline file for this site), or export the dates as YYYY-MM-DD.")
    }

    /// The options a contradicted file is read with: ISO dates only.
    public static func isoOnly(_ pipeline: PipelineFile) -> PipelineFile {
        var p = pipeline
        p.options.input.dateFormats = [.ymd]
        return p
    }
}
