/// One parsed HTTP/1.1 request as the emulator's handlers see it.
package struct HTTPRequest: Sendable {
    /// The method token, such as `GET`.
    package var method: String
    /// The request target as sent, such as `/api/v1/incidents/?page=2`.
    package var target: String
    /// The path part of the target, still percent-encoded.
    package var path: String
    /// The raw query string without `?`, or `""`.
    package var rawQuery: String
    /// Header fields in order, names lower-cased.
    package var headers: [(name: String, value: String)]
    /// The body bytes (empty when there is none).
    package var body: [UInt8]

    /// Makes a request.
    package init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.target = target
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            rawQuery = String(target[target.index(after: question)...])
        } else {
            path = target
            rawQuery = ""
        }
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// Whether the method changes state (anything but GET and HEAD).
    package var isWrite: Bool { method != "GET" && method != "HEAD" }

    /// The query parameters in order, percent-decoded (`+` decodes to a space).
    package var queryItems: [(name: String, value: String)] {
        guard !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (Self.percentDecode(pair[..<equals]), Self.percentDecode(pair[pair.index(after: equals)...]))
            }
            return (Self.percentDecode(pair[...]), "")
        }
    }

    /// The first value of query parameter `name`.
    package func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The path split on `/` and percent-decoded; a trailing slash gives a trailing empty segment.
    package var pathSegments: [String] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map {
            Self.percentDecode($0, plusIsSpace: false)
        }
        if segments.first == "" { segments.removeFirst() }
        return segments
    }

    /// Decodes `%XX` escapes (and optionally `+` as a space); invalid escapes are kept literally.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool = true) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(0x20)
                index += 1
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
