import MMIngest
import MMMap
import MMModel

/// The data cutoff of a run (SPEC 4.3): the pipeline file's `data_cutoff`, else the day of the
/// run. `SOURCE_DATE_EPOCH` fixes timestamps only and never reaches it.
enum DataCutoff {
    static func day(_ options: PipelineOptions, runDate: Day) -> Day {
        options.dataCutoff ?? runDate
    }
}

/// Why a run's analysis population is empty (SPEC 3: `mmpipe run` then exits 1 with the
/// reason), nil when it holds a patient.
enum EmptyPopulation {
    static func reason(patients: Int, analysed: Int, options: PipelineOptions) -> String? {
        guard analysed == 0 else { return nil }
        if patients == 0 {
            return "no patient could be read: nothing was mapped from the inputs (are they the study's CRF tables, and does the pipeline file's layout match them?); see findings.csv"
        }
        let regimen = options.indexRegimen.allOf.joined(separator: " + ")
        return "none of the \(patients) patient(s) read has a line of therapy with the index regimen (index_regimen.all_of: \(regimen.isEmpty ? "none given" : regimen)); see findings.csv for rows that were rejected"
    }
}

extension RunSummary {
    /// SPEC 3: 0 no errors; 1 errors found (or warnings with `strict`), and for `run` also an
    /// empty analysis population, with the reason to print.
    public func exitStatus(mode: EmitMode, strict: Bool) -> (status: Int32, reason: String?) {
        if mode == .dataset, let emptyPopulationReason {
            return (1, "the analysis population is empty: \(emptyPopulationReason).")
        }
        return (errors > 0 || (strict && warnings > 0) ? 1 : 0, nil)
    }
}

/// SPEC 4.3 for one file before it is mapped: when its slash dates contradict
/// `input.date_formats`, the file is mapped with ISO dates only and carries `ING-013`.
enum SlashDates {
    static func mapper(for file: InputFile, _ mapper: RecordMapper) -> (mapper: RecordMapper, finding: Finding?) {
        let formats = mapper.pipeline.options.input.dateFormats
        guard formats.contains(where: { $0 != .ymd }), let evidence = SlashDateEvidence.scan(path: file.path),
              let finding = SlashDateCheck.contradiction(evidence, formats: formats, file: file.name) else {
            return (mapper, nil)
        }
        return (RecordMapper(pipeline: SlashDateCheck.isoOnly(mapper.pipeline)), finding)
    }
}
