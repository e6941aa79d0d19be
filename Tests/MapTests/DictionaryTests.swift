import MMModel
import Testing
@testable import MMMap

@Suite("Dictionaries: drugs, regimens, lab tests (SPEC 4.1)")
struct DictionaryTests {
    @Test("drug synonyms, brands and abbreviations map to the canonical ingredient", arguments: [
        ("Darzalex SC", "daratumumab"), ("darzalex", "daratumumab"), ("DARA", "daratumumab"), ("Faspro", "daratumumab"),
        ("Revlimid", "lenalidomide"), ("len", "lenalidomide"), ("R", "lenalidomide"), ("Imnovid", "pomalidomide"),
        ("Pomalyst", "pomalidomide"), ("Thalomid", "thalidomide"), ("Velcade", "bortezomib"), ("V", "bortezomib"),
        ("btz", "bortezomib"), ("Kyprolis", "carfilzomib"), ("Ninlaro", "ixazomib"), ("Sarclisa", "isatuximab"),
        ("isa", "isatuximab"), ("Empliciti", "elotuzumab"), ("HDM", "melphalan"), ("high-dose melphalan", "melphalan"),
        ("Alkeran", "melphalan"), ("ide-cel", "idecabtagene vicleucel"), ("Abecma", "idecabtagene vicleucel"),
        ("cilta-cel", "ciltacabtagene autoleucel"), ("Carvykti", "ciltacabtagene autoleucel"),
        ("Blenrep", "belantamab mafodotin"), ("Xpovio", "selinexor"), ("auto-SCT", "ASCT"),
        ("autologous transplant", "ASCT"), ("allo-SCT", "ALLO_SCT"), ("Dex", "dexamethasone"),
        ("Tecvayli", "teclistamab"),
    ])
    func drugSynonyms(_ name: String, _ canonical: String) throws {
        let d = try referencePipeline().dictionaries
        #expect(d.drug(named: name)?.name == canonical)
    }

    @Test("classes come from the dictionary (RULES.md 4)", arguments: [
        ("lenalidomide", DrugClass.imid), ("iberdomide", .celmod), ("carfilzomib", .pi), ("daratumumab", .antiCD38),
        ("isatuximab", .antiCD38), ("elotuzumab", .antiSLAMF7), ("dexamethasone", .steroid), ("prednisone", .steroid),
        ("methylprednisolone", .steroid), ("melphalan", .alkylator), ("teclistamab", .bispecific),
        ("ciltacabtagene autoleucel", .carT), ("belantamab mafodotin", .adc), ("selinexor", .xpo1),
        ("venetoclax", .bcl2), ("panobinostat", .hdac), ("ASCT", .transplant), ("ALLO_SCT", .transplant),
    ])
    func classes(_ drug: String, _ cls: DrugClass) throws {
        #expect(try referencePipeline().dictionaries.classes(of: drug) == [cls])
    }

    @Test("regimen labels match case-insensitively, spaces and hyphens ignored", arguments: [
        ("IsaPd", "IsaPd"), ("Isa-Pd", "IsaPd"), ("ISAPD", "IsaPd"), ("isa pd", "IsaPd"), ("RVD", "VRd"),
        ("CyBorD", "VCd"), ("d-vmp", "D-VMP"), ("VDT-PACE", "VDT-PACE"), ("Dara mono", "Dara-mono"), ("EloPd", "EloPd"),
    ])
    func regimenLabels(_ label: String, _ canonical: String) throws {
        #expect(try referencePipeline().dictionaries.regimen(named: label)?.label == canonical)
    }

    @Test("every regimen of the brief is in the dictionary with known drugs")
    func regimensPresent() throws {
        let d = try referencePipeline().dictionaries
        for label in ["IsaPd", "IsaKd", "EloPd", "EloRd", "DRd", "DVd", "DVTd", "DKd", "DPd", "D-VMP", "VRd", "KRd", "Kd",
                      "Pd", "Rd", "VMP", "VTd", "VCd", "PVd", "KPd", "SVd", "Vd", "Dara-mono", "Tec-mono", "Td", "MPT",
                      "DCEP", "VDT-PACE"] {
            let r = try #require(d.regimen(named: label), "\(label)")
            #expect(r.drugs.allSatisfy { d.drug(canonical: $0) != nil })
        }
        #expect(d.regimenLabel(forDrugs: ["isatuximab", "pomalidomide", "dexamethasone"]) == "IsaPd")
    }

    @Test("lab test synonyms", arguments: [("Hb", LabTest.hgb), ("haemoglobin", .hgb), ("creatinine", .creat),
                                           ("beta-2 microglobulin", .b2m), ("m-protein", .spepM), ("spep_m", .spepM),
                                           ("albumin", .alb), ("kappa FLC", .flcK), ("platelets", .plt)])
    func labSynonyms(_ name: String, _ test: LabTest) throws {
        #expect(try referencePipeline().dictionaries.labTest(named: name) == test)
    }

    @Test("unit synonyms", arguments: [("HGB", "g/l", 1), ("CREAT", "µmol/L", 1), ("CREAT", "umol/l", 1),
                                       ("CREAT", "μmol/L", 1), ("UPEP_M", "mg/24 h", 0), ("ANC", "x10^9/L", 0),
                                       ("PLT", "10^9/l", 0), ("PLT", "/mm3", 1), ("ANC", "/µL", 1), ("LDH", "U/L", 0)])
    func unitSynonyms(_ test: String, _ unit: String, _ index: Int) throws {
        let d = try referencePipeline().dictionaries
        #expect(d.labTests[LabTest(rawValue: test)!]?.unitIndex(named: unit) == index)
        // U/L and /uL never meet: punctuation matters in units.
        #expect(d.labTests[.anc]?.unitIndex(named: "U/L") == nil)
    }
}

@Suite("Lab test positions")
struct LabTestOrdinalTests {
    @Test("LabTest.ordinal is the position in allCases (the per-row unit table depends on it)")
    func ordinal() {
        #expect(LabTest.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
    }
}
