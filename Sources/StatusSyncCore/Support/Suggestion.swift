/// "Did you mean": the closest of a few known words to a mistyped one.
package enum Suggestion {
    /// The candidate closest to `word`, if it is within two edits (and fewer than the word's length).
    package static func closest(to word: String, among candidates: [String]) -> String? {
        candidates
            .map { ($0, editDistance(word, $0)) }
            .filter { $0.1 <= 2 && $0.1 < word.count }
            .min { $0.1 < $1.1 }?.0
    }

    /// The Levenshtein distance between two words: insertions, deletions and substitutions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
