using LzDQM.Cli;

return await LzdqmApp.RunAsync(args).ConfigureAwait(false);
