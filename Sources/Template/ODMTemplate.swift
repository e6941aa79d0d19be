import Foundation
import MMMap
import MMModel

/// `mmpipe template odm` (SPEC 10): the CDISC ODM 1.3 `Study/MetaDataVersion` of the reference
/// layout, for ODM-aware EDCs — one form and item group per table (`IG.LABS`), one item per
/// column (`IT.DATE`, shared by the tables that have the column, as SPEC 4.2 names them), the
/// code lists with their labels, ranges as hard range checks. `patient_id` and `site_id` are
/// not items: an export carries them as `SubjectKey` and `SiteRef/@LocationOID`.
public enum ODMTemplate {
    public static let fileName = "odm-metadata.xml"

    /// The metadata document. `creationDateTime` is ISO 8601 (ODM requires it on the root).
    public static func metadata(studyID: String, creationDateTime: String) -> String {
        let study = Markup.escape(studyID)
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="MMPIPE.TEMPLATE.\(study)" CreationDateTime="\(Markup.escape(creationDateTime))" Originator="mmpipe template odm">
              <Study OID="ST.\(study)">
                <GlobalVariables>
                  <StudyName>\(study)</StudyName>
                  <StudyDescription>Multiple-myeloma real-world study: the mmpipe reference CRF layout</StudyDescription>
                  <ProtocolName>\(study)</ProtocolName>
                </GlobalVariables>
                <MetaDataVersion OID="MDV.MMPIPE.REFERENCE" Name="mmpipe reference layout">
                  <Protocol>
                    <StudyEventRef StudyEventOID="SE.CRF" OrderNumber="1" Mandatory="Yes"/>
                  </Protocol>
                  <StudyEventDef OID="SE.CRF" Name="Case report form" Repeating="No" Type="Common">

            """
        for (i, t) in TableName.allCases.enumerated() {
            out += "        <FormRef FormOID=\"\(formOID(t))\" OrderNumber=\"\(i + 1)\" Mandatory=\"\(t == .patients ? "Yes" : "No")\"/>\n"
        }
        out += "      </StudyEventDef>\n"
        for t in TableName.allCases {
            let repeating = t == .patients ? "No" : "Yes"
            out += "      <FormDef OID=\"\(formOID(t))\" Name=\"\(t.rawValue)\" Repeating=\"\(repeating)\">\n"
            out += "        <ItemGroupRef ItemGroupOID=\"\(t.itemGroupOID)\" Mandatory=\"Yes\"/>\n      </FormDef>\n"
        }
        for t in TableName.allCases {
            out += "      <ItemGroupDef OID=\"\(t.itemGroupOID)\" Name=\"\(t.rawValue)\" Repeating=\"\(t == .patients ? "No" : "Yes")\">\n"
            out += "        <Description><TranslatedText xml:lang=\"en\">\(Markup.escape(ReferenceLayout.meaning(of: t)))</TranslatedText></Description>\n"
            for (i, spec) in items(of: t).enumerated() {
                out += "        <ItemRef ItemOID=\"\(itemOID(spec.name))\" OrderNumber=\"\(i + 1)\" Mandatory=\"\(spec.isRequired ? "Yes" : "No")\"/>\n"
            }
            out += "      </ItemGroupDef>\n"
        }
        // One ItemDef per column name: tables sharing a column (`date`) share its item.
        var defined = Set<String>()
        var lists: [CodeListSpec] = []
        for t in TableName.allCases {
            for spec in items(of: t) where defined.insert(spec.name).inserted {
                out += itemDef(spec, codeList: codeList(of: spec))
                if let list = codeList(of: spec), !lists.contains(where: { $0.name == list.name }) { lists.append(list) }
            }
        }
        for list in lists {
            out += "      <CodeList OID=\"\(codeListOID(list))\" Name=\"\(list.name)\" DataType=\"text\">\n"
            for c in list.codes {
                out += "        <CodeListItem CodedValue=\"\(Markup.escape(c.code))\"><Decode><TranslatedText xml:lang=\"en\">\(Markup.escape(c.label))</TranslatedText></Decode></CodeListItem>\n"
            }
            out += "      </CodeList>\n"
        }
        out += "    </MetaDataVersion>\n  </Study>\n</ODM>\n"
        return out
    }

    static func formOID(_ t: TableName) -> String { "F." + t.rawValue.uppercased() }
    static func itemOID(_ column: String) -> String { "IT." + column.uppercased() }
    static func codeListOID(_ list: CodeListSpec) -> String { "CL." + list.name.uppercased() }

    /// The columns that are items (not the subject key or the site).
    static func items(of t: TableName) -> [ColumnSpec] {
        ReferenceLayout.spec(of: t).filter { $0.name != "patient_id" && $0.name != "site_id" }
    }

    /// A coded column's list; lab tests as a list of their own.
    static func codeList(of spec: ColumnSpec) -> CodeListSpec? {
        if case .code(let list) = spec.kind { return list }
        if case .labTest = spec.kind { return labTestList }
        return nil
    }

    static let labTestList = CodeListSpec("lab_test", ByteCodeTable<Int>(.alphanumeric),
                                          labels: LabTest.allCases.map { ($0.rawValue, ReferenceLayout.meaning(of: $0)) })

    static func itemDef(_ spec: ColumnSpec, codeList: CodeListSpec?) -> String {
        let dataType: String
        var range = ""
        switch spec.kind {
        case .date(let partial): dataType = partial ? "partialDate" : "date"
        case .number(let r, let integer):
            dataType = integer ? "integer" : "float"
            range = """
                        <RangeCheck Comparator="GE" SoftHard="Hard"><CheckValue>\(InputFormatDocument.number(r.lowerBound))</CheckValue></RangeCheck>
                        <RangeCheck Comparator="LE" SoftHard="Hard"><CheckValue>\(InputFormatDocument.number(r.upperBound))</CheckValue></RangeCheck>

                """
        default: dataType = "text"
        }
        var out = "      <ItemDef OID=\"\(itemOID(spec.name))\" Name=\"\(spec.name)\" DataType=\"\(dataType)\">\n"
        out += "        <Description><TranslatedText xml:lang=\"en\">\(Markup.escape(spec.meaning.replacingOccurrences(of: "`", with: "")))</TranslatedText></Description>\n"
        out += range
        if let codeList { out += "        <CodeListRef CodeListOID=\"\(codeListOID(codeList))\"/>\n" }
        out += "      </ItemDef>\n"
        return out
    }
}
