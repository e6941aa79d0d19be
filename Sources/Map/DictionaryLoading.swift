import Foundation
import MMModel

extension Dictionaries {
    /// Loads the three dictionaries (`schemas/drugs.yaml`, `regimens.yaml`, `lab-tests.yaml`),
    /// checking them: known drug classes, regimen drugs present in the drug dictionary, every
    /// lab test present with its canonical unit first (RULES.md 1), plausibility limits naming
    /// one of the test's units. A bad dictionary fails with its path, the key and the reason.
    public static func load(drugs drugsPath: String, regimens regimensPath: String,
                            labTests labTestsPath: String) throws(PipelineFileError) -> Dictionaries {
        var d = Dictionaries()
        // Drugs.
        let drugTree = try YAMLTree.parse(try readText(drugsPath), path: drugsPath)
        let drugItems = try drugTree.require("drugs", "missing the 'drugs' list").sequence()
        for item in drugItems {
            let fields = try item.mapping(allowed: ["name", "classes", "synonyms", "note"])
            guard let nameNode = fields.first(where: { $0.key == "name" })?.value else { throw item.fail("a drug needs a 'name'") }
            let name = try nameNode.string()
            var classes: Set<DrugClass> = []
            for c in try (item["classes"]?.strings() ?? []) {
                guard let cls = DrugClass(rawValue: c.uppercased()) else {
                    throw item["classes"]!.fail("unknown class '\(c)'; use one of \(DrugClass.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                classes.insert(cls)
            }
            if d.drug(canonical: name) != nil { throw nameNode.fail("drug '\(name)' is listed twice") }
            d.add(DrugEntry(name: name, classes: classes, synonyms: try item["synonyms"]?.strings() ?? []))
        }
        // Regimens.
        let regimenTree = try YAMLTree.parse(try readText(regimensPath), path: regimensPath)
        let regimenItems = try regimenTree.require("regimens", "missing the 'regimens' list").sequence()
        for item in regimenItems {
            _ = try item.mapping(allowed: ["label", "drugs", "synonyms", "note"])
            guard let labelNode = item["label"] else { throw item.fail("a regimen needs a 'label'") }
            let label = try labelNode.string()
            guard let drugsNode = item["drugs"] else { throw item.fail("regimen '\(label)' needs its 'drugs'") }
            let names = try drugsNode.strings()
            for n in names where d.drug(canonical: n) == nil {
                throw drugsNode.fail("regimen '\(label)' names '\(n)', which is not a canonical drug of \(drugsPath)")
            }
            d.add(RegimenEntry(label: label, drugs: names, synonyms: try item["synonyms"]?.strings() ?? []))
        }
        // Lab tests.
        let labTree = try YAMLTree.parse(try readText(labTestsPath), path: labTestsPath)
        let labItems = try labTree.require("tests", "missing the 'tests' list").sequence()
        for item in labItems {
            _ = try item.mapping(allowed: ["code", "synonyms", "units", "maximum", "note"])
            guard let codeNode = item["code"] else { throw item.fail("a test needs its 'code'") }
            let code = try codeNode.string()
            guard let test = LabTest(rawValue: code) else {
                throw codeNode.fail("unknown test '\(code)'; the tests are \(LabTest.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let unitItems = try item["units"]?.sequence() ?? []
            let unitNames = try unitItems.map { (u) throws(PipelineFileError) -> String in
                try u.require("unit", "a unit needs its 'unit'").string()
            }
            var units: [LabUnit] = []
            for (i, u) in unitItems.enumerated() {
                _ = try u.mapping(allowed: ["unit", "synonyms", "multiply", "divide", "implausible_below",
                                            "implausible_above", "note"])
                var conversion = UnitConversion.identity
                if let m = u["multiply"] { conversion = .multiply(try m.double()) }
                if let dv = u["divide"] {
                    let f = try dv.double()
                    guard f != 0 else { throw dv.fail("cannot divide by 0") }
                    conversion = .divide(f)
                }
                if i == 0, conversion != .identity { throw u.fail("the first (canonical) unit of \(code) cannot have a conversion") }
                var limits: [PlausibilityLimit] = []
                for (side, keyName) in [(PlausibilityLimit.Side.below, "implausible_below"), (.above, "implausible_above")] {
                    guard let node = u[keyName] else { continue }
                    _ = try node.mapping(allowed: ["value", "evident_unit"])
                    guard let v = node["value"], let e = node["evident_unit"] else {
                        throw node.fail("give 'value' and 'evident_unit'")
                    }
                    let evident = try e.string()
                    guard let j = unitNames.firstIndex(of: evident) else {
                        throw e.fail("'\(evident)' is not a unit of \(code) (\(unitNames.joined(separator: ", ")))")
                    }
                    limits.append(PlausibilityLimit(side: side, limit: try v.double(), evidentUnit: j))
                }
                units.append(LabUnit(unit: unitNames[i], synonyms: try u["synonyms"]?.strings() ?? [],
                                     toCanonical: conversion, implausible: limits))
            }
            if let expected = test.canonicalUnit, units.first?.unit != expected {
                throw item.fail("the first unit of \(code) must be its canonical unit \(expected) (RULES.md 1)")
            }
            var maximum: Double? = nil
            if let m = item["maximum"] {
                let v = try m.double()
                guard v > 0, v.isFinite else { throw m.fail("the maximum of \(code) must be a positive number") }
                maximum = v
            }
            d.add(LabTestUnits(test: test, synonyms: try item["synonyms"]?.strings() ?? [], units: units, maximum: maximum))
        }
        for test in LabTest.allCases where d.labTests[test] == nil {
            throw labTree.fail("test \(test.rawValue) is missing from \(labTestsPath)")
        }
        return d
    }

    /// The three dictionaries of a `schemas/` folder (`drugs.yaml`, `regimens.yaml`,
    /// `lab-tests.yaml`), e.g. for tests that build a `PipelineFile` by hand.
    public static func load(schemasFolder folder: String) throws(PipelineFileError) -> Dictionaries {
        try load(drugs: folder + "/drugs.yaml", regimens: folder + "/regimens.yaml", labTests: folder + "/lab-tests.yaml")
    }

    static func readText(_ path: String) throws(PipelineFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return String(decoding: data, as: UTF8.self)
    }
}
