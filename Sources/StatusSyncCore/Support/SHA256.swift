/// SHA-256 (FIPS 180-4), for the content digests of snapshots and plans.
///
/// Foundation on Linux has no CryptoKit, and the project takes no dependencies, so the digest is
/// computed here. It is checked against the standard test vectors in the tests.
package struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// The message bytes not yet compressed: the first `buffered` of 64.
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    /// The message schedule, reused by every block rather than allocated for each.
    private var schedule = [UInt32](repeating: 0, count: 64)
    private var length: UInt64 = 0

    /// Creates a hasher with nothing hashed yet.
    package init() {}

    /// Returns the lowercase hexadecimal digest of `bytes`.
    package static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Finishes the message and returns the lowercase hexadecimal digest.
    package mutating func finalizeHex() -> String {
        finalize().map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Adds `bytes` to the message.
    package mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: $0) }) != nil { return }
        for byte in bytes {
            buffer[buffered] = byte
            buffered += 1
            if buffered == 64 {
                length &+= 64
                compressBuffer()
                buffered = 0
            }
        }
    }

    /// Adds bytes held in one buffer: the whole blocks among them are compressed where they lie.
    private mutating func update(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            if buffered == 0, bytes.count - offset >= 64, let base = bytes.baseAddress {
                let blocks = (bytes.count - offset) / 64
                compress(base + offset, blocks: blocks)
                length &+= UInt64(blocks * 64)
                offset += blocks * 64
                continue
            }
            let count = min(64 - buffered, bytes.count - offset)
            buffer.withUnsafeMutableBufferPointer { block in
                for index in 0..<count { block[buffered + index] = bytes[offset + index] }
            }
            buffered += count
            offset += count
            if buffered == 64 {
                length &+= 64
                compressBuffer()
                buffered = 0
            }
        }
    }

    /// Finishes the message and returns the 32-byte digest.
    package mutating func finalize() -> [UInt8] {
        let bitLength = (length &+ UInt64(buffered)) &* 8
        var tail = Array(buffer[0..<buffered])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> shift))
        }
        for start in stride(from: 0, to: tail.count, by: 64) {
            buffer.replaceSubrange(0..<64, with: tail[start..<start + 64])
            compressBuffer()
        }
        buffered = 0
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses the 64 bytes in `buffer` into `state`.
    private mutating func compressBuffer() {
        let block = buffer
        block.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            compress(base, blocks: 1)
        }
    }

    /// Compresses `blocks` blocks of 64 bytes from `message` into `state`.
    private mutating func compress(_ message: UnsafePointer<UInt8>, blocks: Int) {
        state.withUnsafeMutableBufferPointer { state in
            schedule.withUnsafeMutableBufferPointer { w in
                for number in 0..<blocks {
                    Self.compress(message + 64 * number, into: state, schedule: w)
                }
            }
        }
    }

    private static func compress(
        _ block: UnsafePointer<UInt8>, into state: UnsafeMutableBufferPointer<UInt32>,
        schedule w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            w[i] =
                UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
                | UInt32(block[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] &>> 3)
            let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] &>> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        k.withUnsafeBufferPointer { k in
            // Eight rounds at a time, the working variables' roles rotating instead of their values moving.
            for i in stride(from: 0, to: 64, by: 8) {
                round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
            }
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }
}

/// One round of the compression: `d` and `h` take their new values.
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ constantAndWord: UInt32
) {
    let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ (g ^ (e & (f ^ g))) &+ constantAndWord
    d = d &+ t1
    h = t1 &+ (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) | (c & (a | b)))
}

/// `value` rotated right by `count` bits.
@inline(__always) private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value &>> count) | (value &<< (32 &- count))
}
