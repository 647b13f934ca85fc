using BenchmarkDotNet.Running;
using LzDQM.Benchmarks.Pipeline;

// `pipeline` runs the end-to-end pipeline measurements (Kafka -> kernel -> sink); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "pipeline")
{
    return await PipelineBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBench).Assembly).Run(args);
return 0;
