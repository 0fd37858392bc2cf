using BenchmarkDotNet.Running;

// bench/guardrails.sh runs this in Release; any BenchmarkDotNet arguments pass through.
BenchmarkSwitcher.FromAssembly(typeof(GuardrailBench.InputChecks).Assembly).Run(args);
