/// A flag as written everywhere (SPEC 7 flags, the explain trace, the findings' values): `Y`,
/// `N`, or empty when unknown. The one rendering of a flag.
public func yesNo(_ flag: Bool?) -> String { flag.map { $0 ? "Y" : "N" } ?? "" }
