import COpenSSL
import Synchronization

/// Random words for ``WebSocketMaskingKey/random()``, shared by every connection.
private let maskingKeyPool = Mutex(RandomWordPool())

/// Cryptographically secure random words fetched in bulk: OpenSSL's CSPRNG fills the buffer,
/// with the system generator as the fallback should it fail.
private struct RandomWordPool: ~Copyable {
    private static let capacity = 1024
    private var words = [UInt32](repeating: 0, count: RandomWordPool.capacity)
    private var index = RandomWordPool.capacity

    mutating func next() -> UInt32 {
        if index == words.count { refill() }
        defer { index += 1 }
        return words[index]
    }

    private mutating func refill() {
        let filled = words.withUnsafeMutableBytes { RAND_bytes($0.baseAddress, Int32($0.count)) }
        if filled != 1 {
            var generator = SystemRandomNumberGenerator()
            for position in words.indices { words[position] = generator.next() }
        }
        index = 0
    }
}

/// The 4-byte key a client XORs over every payload it sends (RFC 6455 §5.3).
///
/// Stored as the four bytes in memory order so that a plain `UInt32`/`UInt64` load lines up with
/// the payload, which lets masking run a word at a time.
public struct WebSocketMaskingKey: Sendable, Hashable, CustomStringConvertible {
    /// The key bytes in wire order, packed so that loading them from memory yields this value.
    @usableFromInline
    var word: UInt32

    /// Creates a key from its four bytes in wire order.
    @inlinable
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        let littleEndianWord = UInt32(b0) | UInt32(b1) << 8 | UInt32(b2) << 16 | UInt32(b3) << 24
        self.word = UInt32(littleEndian: littleEndianWord)
    }

    /// Creates a key from `bytes`, which must hold exactly four bytes; nil otherwise.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        var iterator = bytes.makeIterator()
        guard let b0 = iterator.next(), let b1 = iterator.next(), let b2 = iterator.next(),
              let b3 = iterator.next() else { return nil }
        self.init(b0, b1, b2, b3)
    }

    /// A key drawn from `generator`. RFC 6455 wants keys the peer cannot predict, so pass a
    /// cryptographically seeded generator in production.
    @inlinable
    public static func random(using generator: inout some RandomNumberGenerator) -> WebSocketMaskingKey {
        let value = generator.next() as UInt32
        return WebSocketMaskingKey(
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24))
    }

    /// A key from a cryptographically secure source, drawn from a shared pool refilled 4 KiB at a
    /// time, so masking costs no system call per frame.
    public static func random() -> WebSocketMaskingKey {
        let value = maskingKeyPool.withLock { $0.next() }
        return WebSocketMaskingKey(
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24))
    }

    /// The key byte at `index` (0...3) in wire order.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        let littleEndianWord = word.littleEndian
        return UInt8(truncatingIfNeeded: littleEndianWord >> (UInt32(index & 3) * 8))
    }

    /// The four key bytes in wire order.
    public var bytes: [UInt8] { [self[0], self[1], self[2], self[3]] }

    /// The key rotated so that its first byte is the one that applies at payload offset `offset`.
    @inlinable
    func rotated(toOffset offset: Int) -> WebSocketMaskingKey {
        let phase = offset & 3
        if phase == 0 { return self }
        return WebSocketMaskingKey(self[phase], self[phase + 1], self[phase + 2], self[phase + 3])
    }

    /// XORs the key over `buffer` in place, as if `buffer` started at payload offset `offset`.
    /// Masking and unmasking are the same operation.
    @inlinable
    public func apply(to buffer: UnsafeMutableRawBufferPointer, payloadOffset offset: Int = 0) {
        guard let base = buffer.baseAddress else { return }
        Self.xor(from: UnsafeRawPointer(base), to: base, count: buffer.count, key: rotated(toOffset: offset))
    }

    /// Copies `count` bytes from `source` to `destination` (which may be the same address),
    /// XORing them with `key` starting at key byte 0. Runs eight bytes at a time.
    @inlinable
    static func xor(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int,
                    key: WebSocketMaskingKey) {
        let key64 = UInt64(key.word) | UInt64(key.word) << 32
        var index = 0
        while index &+ 8 <= count {
            let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            destination.storeBytes(of: word ^ key64, toByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        if index &+ 4 <= count {
            let word = source.loadUnaligned(fromByteOffset: index, as: UInt32.self)
            destination.storeBytes(of: word ^ key.word, toByteOffset: index, as: UInt32.self)
            index &+= 4
        }
        // Fewer than four bytes remain and `index` is a multiple of four: key bytes 0, 1, 2.
        var keyIndex = 0
        while index < count {
            let byte = source.load(fromByteOffset: index, as: UInt8.self)
            destination.storeBytes(of: byte ^ key[keyIndex], toByteOffset: index, as: UInt8.self)
            index &+= 1
            keyIndex &+= 1
        }
    }

    public var description: String {
        let hex = bytes.map { byte -> String in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }
        return hex.joined()
    }
}
