import Foundation
import MMStats
import MMSummary

/// How each ADSL column enters the comparison (SPEC 9): numeric columns are linear and tested
/// with Mann–Whitney; every other column is a factor, tested with χ²/Fisher.
public enum CovariateKind {
    /// SPEC 9: the default baseline set of the propensity model (seed 003).
    public static let baseline = ["AGE", "SEX", "ISS", "LDHHIFL", "CYTORISK", "PRIORLOT", "PRASCTFL", "DARARFL", "DISSTAT"]
    /// ADSL's numeric columns (SPEC 7 types); everything else is categorical.
    public static let numeric: Set<String> = ["AGE", "PRIORLOT", "INDEXLOT", "B2M", "ALB", "LDH", "CREAT", "CRCL", "HGB", "CD38GAP"]

    public static func isNumeric(_ column: String) -> Bool { numeric.contains(column.uppercased()) }

    /// `column` of `rows` as a model covariate.
    static func covariate(_ adsl: DataTable, _ column: String, rows: [[String]], reference: String? = nil) -> Covariate {
        Covariate(column, rows.map { adsl.value($0, column) }, isNumeric(column) ? .numeric : .factor(reference: reference))
    }
}
