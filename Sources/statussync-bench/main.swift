// The benchmarks: `swift run -c release statussync-bench [NAME]`.
print("statussync-bench: no benchmarks yet")
