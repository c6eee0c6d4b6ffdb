import Foundation

/// Digests of a JSON document's parts as written, without decoding it.
package enum CompactJSON {
    /// The `sha256:` digest of a top-level member's value with the whitespace between its tokens
    /// removed, or `nil` when the document has no such member.
    ///
    /// For a file written with sorted keys, pretty-printed or not, this is the digest of the value's
    /// canonical form (sorted keys, no spaces): strings and numbers are kept byte for byte.
    ///
    /// - Parameters:
    ///   - name: the member's name, without escapes.
    ///   - bytes: a JSON object.
    /// - Returns: `sha256:` and the hexadecimal digest, or `nil`.
    package static func digestOfMember(_ name: String, in bytes: Data) -> String? {
        bytes.withUnsafeBytes { raw -> String? in
            let json = raw.bindMemory(to: UInt8.self)
            guard let start = valueStart(of: Array(name.utf8), in: json) else { return nil }
            // The compact bytes are hashed a chunk at a time: a block at a time is much faster than a byte.
            var hasher = SHA256()
            var chunk: [UInt8] = []
            chunk.reserveCapacity(1 << 16)
            var tokens = Tokens(json: json, index: start)
            while let byte = tokens.next() {
                chunk.append(byte)
                if chunk.count == 1 << 16 {
                    hasher.update(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            hasher.update(chunk)
            return "sha256:" + hasher.finalizeHex()
        }
    }

    /// The bytes of one JSON value without the whitespace between its tokens.
    private struct Tokens: Sequence, IteratorProtocol {
        let json: UnsafeBufferPointer<UInt8>
        var index: Int
        var depth = 0
        var inString = false
        var escaped = false
        var done = false

        mutating func next() -> UInt8? {
            while !done, index < json.count {
                let byte = json[index]
                index += 1
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                        done = depth == 0
                    }
                    return byte
                }
                switch byte {
                case 0x20, 0x0A, 0x0D, 0x09: continue
                case 0x22: inString = true
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    done = depth <= 0
                    guard depth >= 0 else { return nil }  // the end of the enclosing object after a scalar
                case 0x2C where depth == 0:
                    done = true
                    return nil
                default: break
                }
                return byte
            }
            return nil
        }
    }

    /// The index of the first byte after `"name":` at the document's top level.
    private static func valueStart(of name: [UInt8], in json: UnsafeBufferPointer<UInt8>) -> Int? {
        var depth = 0
        var index = 0
        while index < json.count {
            switch json[index] {
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D: depth -= 1
            case 0x22:
                let first = index + 1
                index = first
                while index < json.count, json[index] != 0x22 { index += json[index] == 0x5C ? 2 : 1 }
                guard depth == 1, index - first == name.count, name.indices.allSatisfy({ json[first + $0] == name[$0] })
                else { break }
                var colon = index + 1
                while colon < json.count, json[colon] == 0x20 || json[colon] == 0x0A || json[colon] == 0x0D {
                    colon += 1
                }
                if colon < json.count, json[colon] == 0x3A { return colon + 1 }
            default: break
            }
            index += 1
        }
        return nil
    }
}
