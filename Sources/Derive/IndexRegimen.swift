import MMModel

/// The index line of therapy (SPEC 4.3, 6.2): the first line containing every drug of
/// `index_regimen.all_of` (canonical names); its first dose is the index date.
public struct IndexLine: Sendable, Hashable {
    /// `INDEXLOT`.
    public var number: Int
    /// `INDEXDT`: the first dose of the index line.
    public var date: Day
    /// `PRIORLOT` = `INDEXLOT − 1`.
    public var priorLines: Int { number - 1 }
    /// `INDEXREG`: the index line's `REGIMEN` (canonical drug names, not the site's label, so that
    /// every site's patients on the same drugs carry the same value).
    public var regimen: String
    /// `PRASCTFL`: an autologous transplant before the index date.
    public var priorASCT: Bool

    public init(number: Int, date: Day, regimen: String, priorASCT: Bool) {
        self.number = number
        self.date = date
        self.regimen = regimen
        self.priorASCT = priorASCT
    }
}

/// SPEC 4.3: the first line whose drugs (steroids and drugs carried over included) contain all of
/// `allOf`; nil when there is none (the patient is outside the analysis population, `LOT-003`).
/// An empty `allOf` selects the first line.
public func indexLine(lines: [TherapyLine], allOf: [String]) -> IndexLine? {
    let wanted = Set(allOf.map { $0.lowercased() })
    guard let line = lines.first(where: { wanted.isSubset(of: Set($0.drugNames.map { $0.lowercased() })) }) else {
        return nil
    }
    let priorASCT = lines.contains { l in
        l.members.contains { $0.exposure.isAutologousTransplant && $0.exposure.start < line.start }
    }
    return IndexLine(number: line.number, date: line.start, regimen: line.regimen, priorASCT: priorASCT)
}
