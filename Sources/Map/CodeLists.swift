import MMModel

/// The code lists of the reference layout (SPEC 4.1) with their accepted synonyms. Codes are
/// case-insensitive and ignore blanks and punctuation (`sCR` = `SCR`, `t(4;14)` = `T_4_14`,
/// `not detected` = `NOT_DETECTED`). Italian synonyms cover the network's sites.
public enum CodeLists {
    static func table<E: RawRepresentable & CaseIterable & Sendable>(_: E.Type, _ synonyms: [(String, E)] = [])
        -> ByteCodeTable<E> where E.RawValue == String {
        var t = ByteCodeTable<E>(.alphanumeric)
        for c in E.allCases { t.insert(c.rawValue, c) }
        for (s, c) in synonyms { t.insert(s, c) }
        return t
    }

    public static let sex = table(Sex.self, [("male", .male), ("female", .female), ("maschio", .male),
                                             ("femmina", .female), ("uomo", .male), ("donna", .female),
                                             ("man", .male), ("woman", .female)])

    /// `Y`/`N` fields (`new_lesion`, `plasmacytoma`, `serious`, `extramedullary`).
    public static let yesNo: ByteCodeTable<Bool> = ByteCodeTable(.alphanumeric, [
        ("Y", true), ("N", false), ("yes", true), ("no", false), ("si", true), ("sì", true), ("1", true),
        ("0", false), ("true", true), ("false", false), ("S", true),
    ])

    public static let relatedness = table(Relatedness.self, [("yes", .yes), ("no", .no), ("si", .yes), ("sì", .yes),
                                                             ("1", .yes), ("0", .no), ("unknown", .unknown),
                                                             ("unk", .unknown), ("uncertain", .unknown),
                                                             ("possible", .unknown)])

    public static let heavyChain = table(HeavyChain.self, [("G", .igG), ("A", .igA), ("D", .igD), ("E", .igE), ("M", .igM),
                                                           ("light chain", .none), ("light chain only", .none),
                                                           ("LC", .none), ("LCMM", .none), ("Bence Jones", .none),
                                                           ("micromolecular", .none)])

    public static let lightChain = table(LightChain.self, [("k", .kappa), ("κ", .kappa), ("l", .lambda), ("λ", .lambda)])

    public static let response = table(ResponseCategory.self, [("stringent CR", .scr), ("stringent complete response", .scr),
                                                               ("complete response", .cr), ("very good partial response", .vgpr),
                                                               ("partial response", .pr), ("minimal response", .mr),
                                                               ("minor response", .mr), ("stable disease", .sd),
                                                               ("progressive disease", .pd), ("progression", .pd),
                                                               ("not evaluable", .ne), ("NA", .ne)])

    public static let progressionType = table(ProgressionType.self, [("biochemical", .biochemical), ("bio", .biochemical),
                                                                     ("biochimica", .biochemical), ("clinica", .clinical)])

    public static let abnormality = table(CytoAbnormality.self, [
        ("del(17p)", .del17p), ("17p-", .del17p), ("17p del", .del17p), ("TP53 deletion", .del17p),
        ("t(4;14)", .t4_14), ("t(14;16)", .t14_16), ("t(14;20)", .t14_20),
        ("gain(1q)", .gain1q), ("1q gain", .gain1q), ("+1q", .gain1q), ("1q21 gain", .gain1q),
        ("amp(1q)", .amp1q), ("1q amp", .amp1q), ("1q21 amplification", .amp1q),
        ("del(1p32)", .del1p32), ("del(1p)", .del1p32), ("1p32 del", .del1p32),
    ])

    public static let cytoResult = table(CytoResult.self, [("positive", .detected), ("pos", .detected), ("present", .detected),
                                                           ("negative", .notDetected), ("neg", .notDetected),
                                                           ("absent", .notDetected), ("not detected", .notDetected),
                                                           ("failure", .failed), ("fail", .failed),
                                                           ("not evaluable", .failed)])

    public static let cytoMethod = table(CytoMethod.self, [("iFISH", .fish), ("CD138 FISH", .fish), ("karyotyping", .karyotype),
                                                           ("conventional cytogenetics", .karyotype), ("G-banding", .karyotype),
                                                           ("sequencing", .ngs)])

    public static let stopReason = table(StopReason.self, [("PD", .progression), ("progressive disease", .progression),
                                                           ("relapse", .progression), ("tox", .toxicity),
                                                           ("adverse event", .toxicity), ("AE", .toxicity),
                                                           ("complete", .completed), ("end of treatment", .completed),
                                                           ("ASCT", .transplant), ("died", .death),
                                                           ("patient choice", .patientDecision), ("patient refusal", .patientDecision),
                                                           ("withdrawal", .patientDecision), ("ongoing", .ongoing),
                                                           ("in corso", .ongoing)])

    public static let setting = table(TherapySetting.self, [("induction therapy", .induction), ("conditioning regimen", .conditioning),
                                                            ("consolidation therapy", .consolidation), ("maintenance therapy", .maintenance),
                                                            ("mantenimento", .maintenance), ("salvage therapy", .salvage),
                                                            ("relapse", .salvage)])

    /// Qualitative results (`SIFE`, `UIFE`, `BM_CLONAL`, `MRD`): POS/NEG.
    public static let qualitative: ByteCodeTable<Bool> = ByteCodeTable(.alphanumeric, [
        ("POS", true), ("NEG", false), ("positive", true), ("negative", false), ("positivo", true),
        ("negativo", false), ("detected", true), ("not detected", false), ("present", true), ("absent", false),
    ])

    /// `+` and `-` are qualitative results too, but they are punctuation (ignored by the
    /// alphanumeric normalisation), so they are matched exactly.
    public static func signResult(_ bytes: ArraySlice<UInt8>) -> Bool? {
        var s = bytes.startIndex, e = bytes.endIndex
        while s < e, ByteNumber.isBlank(bytes[s]) { s += 1 }
        while e > s, ByteNumber.isBlank(bytes[e - 1]) { e -= 1 }
        guard e - s == 1 else { return nil }
        if bytes[s] == UInt8(ascii: "+") { return true }
        if bytes[s] == UInt8(ascii: "-") { return false }
        return nil
    }

    public static let crab = table(CRABFeature.self, [("calcium", .calcium), ("hypercalcemia", .calcium), ("renal", .renal),
                                                      ("anaemia", .anaemia), ("anemia", .anaemia), ("bone", .bone)])
}
