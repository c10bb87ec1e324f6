using Akka.Actor;

namespace NeuroActors.Actors.Hosting;

/// <summary>
/// Props that make the actor by calling a plain factory. <c>Props.Create(() =&gt; new X(a, b))</c> compiles each argument
/// of the expression into a new dynamic method every time it is called, and a sharded entity's props are made for every
/// entity that starts: under load that kept the JIT compiling thousands of one-use methods a minute.
/// </summary>
public static class FactoryProps
{
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
