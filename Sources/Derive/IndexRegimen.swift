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
    /// `TRT01P`: the arm the index line matches (nil without `arms`).
    public var arm: String?
}

/// SPEC 4.3: the first line whose drugs (steroids and drugs carried over included) contain all of
/// `allOf`; nil when there is none (the patient is outside the analysis population, `LOT-003`).
/// An empty `allOf` selects the first line.
public func indexLine(lines: [TherapyLine], allOf: [String]) -> IndexLine? {
    indexLine(lines: lines, arms: [TreatmentArm(name: "", allOf: allOf)]).map { var l = $0; l.arm = nil; return l }
}

/// SPEC 4.3 `arms`: the first line that matches any arm's regimen is the index line (one per
/// patient); `TRT01P` is that arm. A line matching two arms (its drugs hold both regimens)
/// goes to the first of them in the order given (name order from the pipeline file).
public func indexLine(lines: [TherapyLine], arms: [TreatmentArm]) -> IndexLine? {
    let wanted = arms.map { Set($0.regimen.allOf.map { $0.lowercased() }) }
    for line in lines {
        let drugs = Set(line.drugNames.map { $0.lowercased() })
        guard let k = wanted.firstIndex(where: { $0.isSubset(of: drugs) }) else { continue }
        let priorASCT = lines.contains { l in
            l.members.contains { $0.exposure.isAutologousTransplant && $0.exposure.start < line.start }
        }
        return IndexLine(number: line.number, date: line.start, regimen: line.regimen, priorASCT: priorASCT, arm: arms[k].name)
    }
    return nil
}
