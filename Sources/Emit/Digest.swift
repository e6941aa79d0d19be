import Foundation
import CCrypto

/// SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto (SPEC 7: file hashes in the
/// manifest and the audit log; pseudonyms). `SHA256Stream` hashes a file or a growing output
/// without holding it in memory.
public final class SHA256Stream {
    private let context: OpaquePointer?
    private var finished: String?

    public init() {
        context = EVP_MD_CTX_new()
        if let context { EVP_DigestInit_ex(context, EVP_sha256(), nil) }
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let context, let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The lower-case hex digest; the stream cannot be updated afterwards.
    public func finalize() -> String {
        if let finished { return finished }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        if let context { EVP_DigestFinal_ex(context, &out, &length) }
        let hex = Hex.encode(out)
        finished = hex
        return hex
    }
}

/// One-shot digests (SPEC 7).
public enum Digest {
    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        let s = SHA256Stream()
        s.update(bytes)
        return s.finalize()
    }

    /// Lower-case hex SHA-256 of a file, read in 1 MiB blocks; nil when it cannot be read.
    /// Only a regular file is read: a FIFO or a device would block or never end (issue 18.7).
    public static func sha256Hex(ofFile path: String) -> (hex: String, bytes: Int)? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        let s = SHA256Stream()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 {
                buffer.withUnsafeBytes { s.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                total += n
            }
            if n < buffer.count {
                if ferror(file) != 0 { return nil }
                break
            }
        }
        return (s.finalize(), total)
    }

    /// The first 128 bits of the SHA-256 of `text`: a fixed-size stand-in for a long key
    /// (`--since` matches findings by these, SPEC 10; a collision is a 2⁻¹²⁸ event per pair).
    public static func sha256Prefix(_ text: String) -> Digest128 {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0] }
        _ = EVP_Digest(bytes, text.utf8.count, &out, &length, EVP_sha256(), nil)
        return out.withUnsafeBytes { Digest128(high: $0.load(as: UInt64.self), low: $0.load(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// HMAC-SHA-256(key, message), raw 32 bytes.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        // An empty array may have no base address: HMAC needs a valid pointer even for length 0.
        let k = key.isEmpty ? [0] : key
        let m = message.isEmpty ? [0] : message
        k.withUnsafeBufferPointer { kp in
            m.withUnsafeBufferPointer { mp in
                _ = HMAC(EVP_sha256(), kp.baseAddress, Int32(key.count), mp.baseAddress, message.count,
                         &out, &length)
            }
        }
        return out
    }
}

/// 128 bits of a digest, hashable (`Digest.sha256Prefix`).
public struct Digest128: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64
}

/// Lower-case hexadecimal.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
