//! Automatic, symbolic and numeric differentiation, measured side by side.
//!
//! 1. Cost: on MLPs from about 10² to about 10⁶ parameters, the time of the forward pass, of
//!    the generated `loss_grad`, and of a full central-difference gradient (2n forward passes;
//!    for the largest networks, timed on a sample of coordinates and scaled to all of them).
//! 2. Accuracy: the relative error of central differences over steps from 1e-1 to 1e-12, in
//!    `f64` and in `f32`, against the `f64` `loss_grad`, plotted into
//!    `target/differentiation_methods.png`.
//! 3. Expression size: for `f(f(…f(x)))` with `f(x) = x·sin(x)`, depth 1 to 20, the nodes of
//!    the derivative as an expanded tree and as a DAG, and the statements of the generated
//!    gradient, read from the source the macro emitted.
//!
//! Run with `cargo run --release --example differentiation_methods`.

#[path = "differentiation_methods/measure.rs"]
mod measure;

use std::error::Error;
use std::time::Duration;

use adjoint::plot::LinePlot;
use indicatif::{ProgressBar, ProgressStyle};
use measure::{Problem, SHAPES};

/// Where the plot goes, relative to the current directory.
const PLOT: &str = "target/differentiation_methods.png";
/// The time spent on central differences per network, at most; beyond it, a sample.
const DIFFERENCES_BUDGET: Duration = Duration::from_millis(1500);

fn main() -> Result<(), Box<dyn Error>> {
    expression_size();
    accuracy()?;
    cost();
    Ok(())
}

fn expression_size() {
    println!("Expression size of d/dx f(f(…f(x))), f(x) = x·sin(x)\n");
    println!("depth  expanded tree   DAG (CSE)   generated statements");
    for s in measure::chain_sizes() {
        println!(
            "{:>5}  {:>13}   {:>9}   {:>20}",
            s.depth, s.tree, s.dag, s.generated
        );
    }
    // The expanded tree is the derivative: it evaluates to what the generated code computes.
    let (x, depth) = (1.5, 20);
    let mut expressions = measure::Expressions::default();
    let chain = measure::chain_expression(&mut expressions, depth);
    let derivative = expressions.derivative(chain);
    println!(
        "at x = {x}, depth {depth}: the tree gives {:.12e}, chain_{depth}_grad {:.12e}\n",
        expressions.eval(derivative, x),
        measure::chain_20_grad(x).1
    );
}

fn accuracy() -> Result<(), Box<dyn Error>> {
    let shape = &SHAPES[0];
    let problem = Problem::new(shape);
    let (_, gradient) = problem.loss_grad();
    let reference = measure::flatten(&gradient);
    let steps = measure::steps();
    let f64_errors = measure::difference_errors(&mut problem.clone(), &reference, &steps);
    let f32_errors = measure::difference_errors(&mut problem.cast::<f32>(), &reference, &steps);
    println!(
        "Accuracy of central differences on {} ({} parameters), relative to the f64 loss_grad\n",
        shape.name,
        problem.len()
    );
    println!("   step    f64 error    f32 error");
    let cell = |e: f64| {
        if e.is_nan() {
            "—".to_string()
        } else {
            format!("{e:.2e}")
        }
    };
    for ((h, &e64), &e32) in steps.iter().zip(&f64_errors).zip(&f32_errors) {
        println!("{h:>7.0e}  {:>11}  {:>11}", cell(e64), cell(e32));
    }
    println!("(—: the step is too small to change some parameter in that type)");
    for (name, errors, epsilon) in [
        ("f64", &f64_errors, f64::EPSILON),
        ("f32", &f32_errors, f64::from(f32::EPSILON)),
    ] {
        let (h, e) = measure::best_step(&steps, errors);
        println!(
            "best {name} step {h:.1e} (∛ε = {:.1e}): relative error {e:.1e}",
            epsilon.cbrt()
        );
    }
    let log10 = |errors: &[f64]| -> Vec<(f64, f64)> {
        steps
            .iter()
            .zip(errors)
            .map(|(h, e)| (h.log10(), e.log10()))
            .collect()
    };
    let widths: Vec<String> = shape.widths.iter().map(usize::to_string).collect();
    let title = format!(
        "Central differences on the {} MLP, against the f64 loss_grad",
        widths.join("-")
    );
    LinePlot::new(title)
        .x_label("log10 of the step h")
        .y_label("log10 of the relative error")
        .size(900, 560)
        .line("f64 central differences", log10(&f64_errors))
        .line("f32 central differences", log10(&f32_errors))
        .save(PLOT)?;
    println!("plot: {PLOT}\n");
    Ok(())
}

fn cost() {
    println!("Cost of a gradient in f32: loss_grad against central differences\n");
    println!(
        "{:<10} {:>8}  {:>10}  {:>10}  {:>6}  {:>12}  {:>9}  {:>9}",
        "network", "n", "forward", "loss_grad", "÷ fwd", "differences", "÷ fwd", "÷ grad"
    );
    let mut notes = Vec::new();
    for shape in &SHAPES {
        let mut problem = Problem::new(shape).cast::<f32>();
        let (forward, grad) = measure::time_per_call(
            Duration::from_millis(20),
            15,
            || problem.loss(),
            || problem.loss_grad(),
        );
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("  central differences on {msg} [{bar:24}] {pos}/{len}")
                .expect("the template is valid"),
        );
        bar.set_message(shape.name);
        let differences =
            measure::time_differences(&mut problem, forward, DIFFERENCES_BUDGET, |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            });
        bar.finish_and_clear();
        let mark = if differences.extrapolated() {
            notes.push(format!(
                "{}: {} of {} coordinates timed, scaled to all of them",
                shape.name, differences.sampled, differences.params
            ));
            "*"
        } else {
            ""
        };
        let (forward, grad, all) = (
            forward.as_secs_f64(),
            grad.as_secs_f64(),
            differences.time.as_secs_f64(),
        );
        println!(
            "{:<10} {:>8}  {:>10}  {:>10}  {:>5.1}×  {:>11}{mark:1}  {:>8.0}×  {:>8.0}×",
            shape.name,
            differences.params,
            format_seconds(forward),
            format_seconds(grad),
            grad / forward,
            format_seconds(all),
            all / forward,
            all / grad,
        );
    }
    for note in notes {
        println!("* {note}");
    }
    println!("(a central-difference gradient takes 2n forward passes)");
}

/// A time in a fitting unit.
fn format_seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.3} ms", s * 1e3)
    } else {
        format!("{:.3} µs", s * 1e6)
    }
}
