using System.Collections.Concurrent;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Tests.Results;

public class GroupCommitterTests
{
    [Fact]
    public async Task SubmitAsync_ManyConcurrentCallers_EveryItemWrittenOnceInBatches()
    {
        var written = new ConcurrentBag<int>();
        var batches = 0;
        var gate = new TaskCompletionSource();
        await using var committer = new GroupCommitter<int>(async (batch, _) =>
        {
            await gate.Task;
            Interlocked.Increment(ref batches);
            foreach (var i in batch)
            {
                written.Add(i);
            }
        }, maxBatch: 100);

        var submits = Enumerable.Range(0, 1000).Select(i => committer.SubmitAsync(i)).ToArray();
        gate.SetResult();
        await Task.WhenAll(submits);

        Assert.Equal(Enumerable.Range(0, 1000), written.Order());
        Assert.InRange(batches, 10, 999);
    }

    [Fact]
    public async Task SubmitAsync_WriteFails_CallerSeesTheError()
    {
        await using var committer = new GroupCommitter<int>((_, _) => throw new IOException("disk full"));
        var ex = await Assert.ThrowsAsync<IOException>(() => committer.SubmitAsync(1));
        Assert.Equal("disk full", ex.Message);
    }

    [Fact]
    public async Task SubmitAsync_CompletesOnlyAfterItsBatchIsWritten()
    {
        var release = new TaskCompletionSource();
        await using var committer = new GroupCommitter<int>(async (_, _) => await release.Task);
        var submit = committer.SubmitAsync(1);
        await Task.Delay(50);
        Assert.False(submit.IsCompleted);
        release.SetResult();
        await submit;
    }
}
