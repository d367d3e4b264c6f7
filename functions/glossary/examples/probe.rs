use std::time::Instant;
use levenshtein_automata::LevenshteinAutomatonBuilder;
fn main() {
    let t = Instant::now();
    let b2 = LevenshteinAutomatonBuilder::new(2, true);
    let b1 = LevenshteinAutomatonBuilder::new(1, true);
    println!("builders {:?}", t.elapsed());
    for q in ["imunotherapy", "inmuno", "chemotheraphy", "lymphocite"] {
        let t = Instant::now();
        for _ in 0..100 { std::hint::black_box(b2.build_prefix_dfa(q)); }
        let d2 = t.elapsed() / 100;
        let t = Instant::now();
        for _ in 0..100 { std::hint::black_box(b1.build_prefix_dfa(q)); }
        let d1 = t.elapsed() / 100;
        let t = Instant::now();
        for _ in 0..100 { std::hint::black_box(b2.build_dfa(q)); }
        let f2 = t.elapsed() / 100;
        println!("{q}: prefix d2 {d2:?} d1 {d1:?} full d2 {f2:?} states {}", b2.build_prefix_dfa(q).num_states());
    }
}
