using Middleware.TestSupport.ActiveMq;
namespace Middleware.Adapters.Tests.Stomp;

/// <summary>One broker for the tests that share it (each uses its own destinations).</summary>
public sealed class ActiveMqFixture : IAsyncLifetime
{
    public ActiveMqBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await ActiveMqBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

[CollectionDefinition("activemq")]
public sealed class ActiveMqCollection : ICollectionFixture<ActiveMqFixture>;
