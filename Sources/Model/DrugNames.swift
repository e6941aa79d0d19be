/// Canonical names (the drug dictionary's, lower case) of the drugs RULES.md 4 names one by
/// one: the per-drug ADSL flags, the refractory classes, quad- and penta-refractoriness. The
/// one place these names are written in code.
public enum DrugName {
    public static let thalidomide = "thalidomide"
    public static let lenalidomide = "lenalidomide"
    public static let pomalidomide = "pomalidomide"
    public static let iberdomide = "iberdomide"
    public static let mezigdomide = "mezigdomide"
    public static let bortezomib = "bortezomib"
    public static let carfilzomib = "carfilzomib"
    public static let ixazomib = "ixazomib"
    public static let daratumumab = "daratumumab"
    public static let isatuximab = "isatuximab"
    /// Transplants, as the drug dictionary names them (SPEC 4.1: start = transplant date).
    public static let autologousTransplant = "ASCT"

    /// RULES.md 4 classes by name: IMiD, PI, anti-CD38; the CELMoDs (IMiDs only with
    /// `celmods_are_imids`).
    public static let imids = [thalidomide, lenalidomide, pomalidomide]
    public static let celmods = [iberdomide, mezigdomide]
    public static let proteasomeInhibitors = [bortezomib, carfilzomib, ixazomib]
    public static let antiCD38 = [daratumumab, isatuximab]
    /// Quad-refractory (RULES.md 4): refractory to each of these.
    public static let quadRefractory = [lenalidomide, pomalidomide, bortezomib, carfilzomib]
}
