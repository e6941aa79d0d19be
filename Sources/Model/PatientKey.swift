/// A patient's identity within the network: the site code and the site's subject ID
/// (SPEC 4.1: `patient_id` is unique within the site).
public struct PatientKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var site: String
    public var patientID: String

    public init(site: String, patientID: String) {
        self.site = site
        self.patientID = patientID
    }

    public static func < (a: PatientKey, b: PatientKey) -> Bool {
        (a.site, a.patientID) < (b.site, b.patientID)
    }

    public var description: String { "\(site)/\(patientID)" }
}
