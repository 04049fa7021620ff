using Middleware.Adapters.Stomp.Client;

namespace Middleware.Adapters.Tests.Stomp;

public class StompHeartBeatsTests
{
    [Theory]
    // STOMP 1.2 "Heart-beating": we send every max(cx, sy), expect every max(sx, cy); 0 on either side is off.
    [InlineData(10_000, "5000,20000", 20_000, 10_000)]
    [InlineData(10_000, "30000,1000", 10_000, 30_000)]
    [InlineData(10_000, "0,0", 0, 0)]
    [InlineData(10_000, null, 0, 0)]
    [InlineData(0, "5000,5000", 0, 0)]
    [InlineData(10_000, "0,4000", 10_000, 0)]
    [InlineData(10_000, "4000", 0, 10_000)]
    public void Each_direction_takes_the_slower_of_the_two_offers(int mineMs, string? theirs, int sendMs, int receiveMs)
    {
        var beats = StompHeartBeats.Negotiate(TimeSpan.FromMilliseconds(mineMs), theirs);

        Assert.Equal(TimeSpan.FromMilliseconds(sendMs), beats.Send);
        Assert.Equal(TimeSpan.FromMilliseconds(receiveMs), beats.Receive);
    }

    [Fact]
    public void The_check_loop_follows_the_shorter_live_direction()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), new StompHeartBeats(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10)).Shortest);
        Assert.Equal(TimeSpan.FromSeconds(20), new StompHeartBeats(TimeSpan.FromSeconds(20), TimeSpan.Zero).Shortest);
        Assert.Equal(TimeSpan.Zero, new StompHeartBeats(TimeSpan.Zero, TimeSpan.Zero).Shortest);
    }
}
