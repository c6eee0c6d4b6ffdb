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
            // The runs of bytes between whitespace are gathered into a chunk, which is hashed whole
            // blocks at a time: far faster than a byte at a time, or than hashing each short run.
            var hasher = SHA256()
            let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
            defer { chunk.deallocate() }
            var filled = 0
            forEachRun(of: json, from: start) { run in
                var run = run
                while !run.isEmpty {
                    let count = min(run.count, chunk.count - filled)
                    UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: chunk[filled..<filled + count]))
                        .copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: run[0..<count])))
                    filled += count
                    run = UnsafeBufferPointer(rebasing: run[count...])
                    if filled == chunk.count {
                        hasher.update(UnsafeBufferPointer(chunk))
                        filled = 0
                    }
                }
            }
            hasher.update(UnsafeBufferPointer(rebasing: chunk[0..<filled]))
            return "sha256:" + hasher.finalizeHex()
        }
    }

    /// Calls `body` with each run of bytes between the whitespace of the JSON value at `start`, in
    /// order: their concatenation is the value with the whitespace between its tokens removed.
    private static func forEachRun(
        of json: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        func run(_ from: Int, _ to: Int) {
            let end = min(to, json.count)
            if from < end { body(UnsafeBufferPointer(rebasing: json[from..<end])) }
        }
        var runStart = start
        var index = start
        var depth = 0
        scan: while index < json.count {
            switch json[index] {
            case 0x22:
                // A string, kept byte for byte: it ends at the first quote not escaped.
                index += 1
                while index < json.count, json[index] != 0x22 { index += json[index] == 0x5C ? 2 : 1 }
                index += 1
                if depth == 0 { break scan }
                continue
            case 0x20, 0x0A, 0x0D, 0x09:
                run(runStart, index)
                index += 1
                while index < json.count, isWhitespace(json[index]) { index += 1 }
                runStart = index
                continue
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth < 0 { break scan }  // the end of the enclosing object after a scalar
                if depth == 0 {
                    index += 1
                    break scan
                }
            case 0x2C where depth == 0: break scan
            default: break
            }
            index += 1
        }
        run(runStart, index)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
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
