import Foundation

/// Runs work over a stream of items on several threads and hands the results back one at a
/// time in input order, each as soon as every earlier one is done. Only results that finished
/// ahead of a slower earlier item are held, and a worker waits rather than run more than
/// `window` items ahead of the first undelivered one, so memory does not grow with the number
/// of items, nor with how long one item (or a descheduled thread) takes.
public final class OrderedWork<Item, Result>: @unchecked Sendable {
    // Taking work and delivering results have a lock each, so a worker that finished a file
    // never waits for another to list a folder.
    private let sourceLock = NSLock()
    /// Guards `finished`, `delivered` and `delivering`, and wakes workers waiting for the
    /// window to move.
    private let results = NSCondition()
    private var source: AnyIterator<Item>
    private var taken = 0
    private var delivered = 0
    /// Whether a worker is handing results over; the others leave theirs for it to find.
    private var delivering = false
    /// Results not yet delivered, at their index modulo `window`: a worker never runs a whole
    /// window ahead, so no two waiting results share a slot.
    private var finished: [Result?] = []
    private let deliver: (Result) -> Void
    private var window = 1

    /// `deliver` is called in input order and never twice at once, outside the lock, so that
    /// a worker storing its result never waits for another's report to be written.
    public init(_ items: some Sequence<Item>, deliver: @escaping (Result) -> Void) {
        var iterator = items.makeIterator()
        source = AnyIterator { iterator.next() }
        self.deliver = deliver
    }

    /// Runs `work` on `workers` threads; `work` is told which worker (0 up to `workers`) runs
    /// it, so that a worker can keep state of its own.
    public func run(workers: Int, _ work: @escaping @Sendable (_ worker: Int, Item) -> Result) {
        let workers = max(1, workers)
        window = 64 * workers
        finished = Array(repeating: nil, count: window)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while let (index, item) = take() {
                // The worker holding the first undelivered item never waits, so this ends.
                results.withLock { while index - delivered >= window { results.wait() } }
                let result = work(worker, item)
                var ready = results.withLock {
                    finished[index % window] = result
                    return collect()
                }
                // The worker that collected results delivers them, then looks again for any
                // that others stored meanwhile and left to it.
                while !ready.isEmpty {
                    ready.forEach(deliver)
                    ready = results.withLock {
                        delivering = false
                        return collect()
                    }
                }
            }
        }
    }

    /// The results ready for delivery, in order, when no other worker is delivering; the
    /// caller then delivers them. Called under `results`.
    private func collect() -> [Result] {
        guard !delivering else { return [] }
        var ready: [Result] = []
        while let next = finished[delivered % window] {
            ready.append(next)
            finished[delivered % window] = nil
            delivered += 1
        }
        delivering = !ready.isEmpty
        if delivering { results.broadcast() }
        return ready
    }

    private func take() -> (Int, Item)? {
        sourceLock.withLock {
            guard let item = source.next() else { return nil }
            defer { taken += 1 }
            return (taken, item)
        }
    }
}
