/// Where each rule is raised (SPEC 5 catalogue, "raised in"): the files under `Sources/` that
/// raise it, stage folder first — so that "where does this finding come from?" is one hop. A
/// rule's own entry, else its family's. Kept true by `RuleCatalogueTests` (each file names the
/// rule, every file making a finding of it is listed, Derive raises no site-vs-derived rule).
extension Rule {
    public var raisedIn: [String] { Rule.raisingFiles[id] ?? Rule.familyRaisingFiles[family] ?? [] }

    /// Where most rules of a family are raised.
    static let familyRaisingFiles: [String: [String]] = [
        "CHR": ["Validate/ChronologyRules.swift"],
        "DUP": ["Validate/DuplicateRules.swift"],
        "IMWG": ["Derive/Response/ResponseEngine.swift"],
        "ING": ["Ingest/CSVRowAssembler.swift"],
        "SCH": ["Map/RowReader.swift"],
        "STG": ["Derive/Staging.swift"],
        "UNIT": ["Map/LabRows.swift"],
    ]

    /// The rules raised elsewhere than their family's files.
    static let raisingFiles: [String: [String]] = [
        "AE-001": ["Validate/Reconciliation/AdverseEventReconciliation.swift"],
        "DUP-001": ["Map/RecordStore.swift"],
        "IMWG-001": ["Validate/Reconciliation/ResponseReconciliation.swift"],
        "IMWG-003": ["Validate/Reconciliation/ResponseReconciliation.swift"],
        "ING-001": ["Ingest/CSVFileReader.swift", "Ingest/ODMRowBuilder.swift"],
        "ING-004": ["Map/ColumnLookAlikes.swift", "Map/RecordMapper.swift"],
        "ING-005": ["Map/RecordMapper.swift"],
        "ING-006": ["Ingest/CSVRowAssembler.swift", "Ingest/ODMRowBuilder.swift", "Map/RecordMapper.swift"],
        "ING-007": ["Ingest/CSVRowAssembler.swift", "Ingest/ODMRowBuilder.swift"],
        "ING-008": ["Ingest/CSVFileReader.swift", "Ingest/CSVRowAssembler.swift", "Ingest/ODMRowBuilder.swift"],
        "ING-009": ["Ingest/ODMRowBuilder.swift"],
        "ING-010": ["Map/ColumnLookAlikes.swift", "Map/RecordMapper.swift"],
        "ING-011": ["Ingest/CSVRowAssembler.swift", "Ingest/ODMRowBuilder.swift"],
        "ING-012": ["Pipeline/DistinctInputs.swift"],
        "ING-013": ["Map/SlashDateCheck.swift"],
        "ING-015": ["Ingest/ODMRowBuilder.swift"],
        "LOT-001": ["Validate/Reconciliation/LineReconciliation.swift"],
        "LOT-002": ["Map/TherapyRows.swift"],
        "LOT-003": ["Derive/PatientDeriver.swift"],
        "PHI-001": ["Validate/IdentifierScreen.swift"],
        "SCH-002": ["Map/LabRows.swift", "Map/RowReader.swift"],
        "SCH-004": ["Map/ClinicalRows.swift", "Map/LabRows.swift", "Map/RowReader.swift"],
        "SCH-005": ["Map/LabRows.swift", "Map/RowReader.swift"],
        "SCH-007": ["Map/TherapyRows.swift"],
        "SCH-008": ["Map/LabRows.swift"],
        "SCH-009": ["Map/TherapyRows.swift"],
        "SCH-010": ["Map/OrphanRows.swift"],
        "STG-001": ["Validate/Reconciliation/StagingReconciliation.swift"],
        "STG-004": ["Derive/RenalFunction.swift"],
    ]
}
