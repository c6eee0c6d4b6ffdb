import Foundation

extension JSONValue {
    /// The value as compact JSON text, object members in no particular order.
    ///
    /// For handing a value already in memory to a `JSONDecoder` (an account's data decoded into the
    /// model), where `JSONEncoder` would take most of the time: ``CanonicalJSON``'s text without the
    /// sorting of members, which a decoder does not need. Digests take the canonical text.
    package var compactBytes: Data {
        Data(CanonicalJSON.unorderedBytes(of: self))
    }
}
