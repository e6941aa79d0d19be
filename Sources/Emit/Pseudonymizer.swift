import MMModel

/// The study pseudonym (SPEC 7): `USUBJID` = `STUDYID-SITEID-` + the first 12 lower-case hex
/// digits of HMAC-SHA-256(key, `SITEID` + `/` + `patient_id`). The site's `patient_id` never
/// leaves Emit except in `findings.csv`, `report.html` and the `--key-map` file.
public struct Pseudonymizer: Sendable {
    public let studyID: String
    public let key: [UInt8]

    public init(studyID: String, key: [UInt8]) {
        self.studyID = studyID
        self.key = key
    }

    /// The 12-hex-digit pseudonym of a patient.
    public func pseudonym(_ patient: PatientKey) -> String {
        let mac = Digest.hmacSHA256(key: key, message: Array((patient.site + "/" + patient.patientID).utf8))
        return String(Hex.encode(Array(mac.prefix(6))))
    }

    /// `STUDYID-SITEID-pseudonym`.
    public func usubjid(_ patient: PatientKey) -> String {
        "\(studyID)-\(patient.site)-\(pseudonym(patient))"
    }
}
