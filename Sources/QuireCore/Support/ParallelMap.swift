import Dispatch

extension Array {
    /// `map` on every core, keeping the order of the input.
    package func parallelMap<T>(_ transform: (Element) -> T) -> [T] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        // The elements are read through a buffer pointer: reading them from the array would copy
        // each one, and retain the array's storage from both cores at once, per element.
        return withUnsafeBufferPointer { elements in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let base = buffer.baseAddress!
                withoutActuallyEscaping(transform) { transform in
                    let box = UnsafeSendable((base, transform, elements))
                    DispatchQueue.concurrentPerform(iterations: count) { offset in
                        (box.value.0 + offset).initialize(to: box.value.1(box.value.2[offset]))
                    }
                }
                initialized = count
            }
        }
    }
}

/// Carries a value into a concurrent closure whose synchronization is handled by hand
/// (each iteration writes its own slot).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
