/// Fake direct identifiers for the PHI family (SPEC 5): Italian surnames and codici fiscali
/// that are well formed (letters, digits, month letter, check character computed by the
/// official algorithm, DM 23/12/1976) but belong to nobody.
enum FakeIdentity {
    static let surnames = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
                           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
                           "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani"]
    static let names = ["Giuseppe", "Maria", "Giovanni", "Anna", "Antonio", "Rosa", "Mario", "Angela", "Luigi",
                        "Giovanna", "Francesco", "Teresa", "Angelo", "Lucia", "Vincenzo", "Carmela"]
    /// Cadastral codes of real municipalities (place of birth, not a person).
    static let places = ["H501", "F205", "L219", "F839", "A662", "D969", "G273", "C351", "L736", "A944"]

    /// A well-formed codice fiscale for the given name, birth date and sex.
    static func codiceFiscale(surname: String, name: String, year: Int, month: Int, day: Int, female: Bool,
                              place: String) -> String {
        func letters(_ s: String) -> (consonants: [Character], vowels: [Character]) {
            let up = s.uppercased().filter { $0.isLetter && $0.isASCII }
            return (up.filter { !"AEIOU".contains($0) }, up.filter { "AEIOU".contains($0) })
        }
        func code(_ s: String, isName: Bool) -> String {
            var (c, v) = letters(s)
            if isName && c.count >= 4 { c = [c[0], c[2], c[3]] }
            let all = c + v + ["X", "X", "X"]
            return String(all.prefix(3))
        }
        let monthLetters: [Character] = ["A", "B", "C", "D", "E", "H", "L", "M", "P", "R", "S", "T"]
        var body = code(surname, isName: false) + code(name, isName: true)
        body += String(format2(year % 100))
        body.append(monthLetters[(month - 1) % 12])
        body += format2(female ? day + 40 : day)
        body += place
        return body + String(checkCharacter(body))
    }

    private static func format2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// The check character: odd positions (1st, 3rd, …) by the odd table, even by value.
    static func checkCharacter(_ body: String) -> Character {
        let odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
        var sum = 0
        for (i, ch) in body.enumerated() {
            let a = ch.asciiValue ?? 48
            let v = a >= 65 ? Int(a - 65) : Int(a - 48)
            sum += i % 2 == 0 ? odd[v] : v
        }
        return Character(Unicode.Scalar(UInt8(65 + sum % 26)))
    }
}
