import Foundation

extension JSONValue {
    /// The value as compact JSON text, object members in no particular order.
    ///
    /// For handing a value already in memory to a `JSONDecoder` (an account's data decoded into the
    /// model), where `JSONEncoder` would take most of the time. Numbers and strings are written as in
    /// ``CanonicalJSON``, which this skips only the sorting of; digests take the canonical text.
    package var compactBytes: Data {
        Data(CanonicalJSON.unorderedBytes(of: self))
    }
}
