import Foundation

/// The items of a comma-separated option value (`--covariates AGE,ISS`, `--arms IsaPd,EloPd`,
/// `--cox ISS,LDHHIFL`), each trimmed of spaces.
func commaList(_ value: String) -> [String] {
    value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
}
