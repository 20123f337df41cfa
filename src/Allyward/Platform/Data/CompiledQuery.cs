using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Allyward.Platform.Data;

/// <summary>
/// A query translated once instead of on every run, for the few that every request runs (EF otherwise inspects and
/// looks up the expression tree each time). EF binds a compiled query to one model; a node has one, but a process
/// that serves both database providers (the tests, the benchmark) has one per provider, so it is kept per model.
/// </summary>
/// <param name="compile">Calls <c>EF.CompileAsyncQuery</c>.</param>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
