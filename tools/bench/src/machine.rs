//! What the machine was doing while it measured: on a shared box the tail latencies follow the
//! load average, so the table prints it next to the figures.

/// The 1-minute load average from `/proc/loadavg`; `None` where there is no `/proc`.
pub fn load_average_1m() -> Option<f64> {
    parse_load_average(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// The first field of `/proc/loadavg` (`"0.52 0.58 0.59 1/467 12345"`).
pub fn parse_load_average(text: &str) -> Option<f64> {
    text.split_whitespace().next()?.parse().ok()
}

/// CPUs this process may run on.
pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// One line for the notes: CPUs and the load average at the start and the end of the run.
pub fn describe_load(start: Option<f64>, end: Option<f64>) -> String {
    let show = |v: Option<f64>| v.map_or_else(|| "unknown".to_owned(), |v| format!("{v:.2}"));
    format!(
        "machine load: {} CPUs, 1-minute load average {} at the start and {} at the end \
         (above the CPU count, other processes compete for the cores and the p99 figures carry it)",
        cpus(),
        show(start),
        show(end)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_load_figure() {
        assert_eq!(
            parse_load_average("5.33 4.15 4.49 3/512 9876\n"),
            Some(5.33)
        );
        assert_eq!(parse_load_average(""), None);
        assert_eq!(parse_load_average("busy"), None);
    }

    #[test]
    fn describes_missing_figures() {
        let line = describe_load(Some(0.5), None);
        assert!(
            line.contains("0.50 at the start and unknown at the end"),
            "{line}"
        );
    }
}
