import Dispatch

extension Array {
    /// `map` on every core, keeping the order of the input.
    package func parallelMap<T>(_ transform: (Element) -> T) -> [T] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress!
            withoutActuallyEscaping(transform) { transform in
                let box = UnsafeSendable((base, transform, self))
                DispatchQueue.concurrentPerform(iterations: count) { offset in
                    let (base, transform, elements) = box.value
                    (base + offset).initialize(to: transform(elements[offset]))
                }
            }
            initialized = count
        }
    }
}

/// Carries a value into a concurrent closure whose synchronization is handled by hand
/// (each iteration writes its own slot).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
