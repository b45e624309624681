// base. access inside instance tasklets: forwarded non-virtually through members emitted into the partial type.

//# Base_MethodPropertyIndexerOfOverriddenMembers
public partial class Base_MethodPropertyIndexerOfOverriddenMembers : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 2);
    //@entry new Derived().Body(ch)
    public class Basic
    {
        readonly int[] _cells = new int[4];
        public virtual string Name(int k) => "basic" + k;
        public virtual int Level { get; set; } = 1;
        public virtual int this[int i] { get => _cells[i]; set => _cells[i] = value; }
    }
    public partial class Derived : Basic
    {
        public override string Name(int k) => "derived" + k;
        public override int Level { get => -5; set => Log("derived setter " + value); }
        public override int this[int i] { get => -7; set => Log("derived indexer " + value); }

        [Tasklet]
        public string Body(Channel<int> ch)
        {
            string r = base.Name(ch.Receive()) + Name(0);
            base.Level += ch.Receive();
            Level = 3;
            base[ch.Receive() % 4] = base.Level;
            base[1]++;
            Scheduler.Schedule();
            return r + "|" + base.Level + "|" + Level + "|" + base[0] + base[1] + base[2] + base[3] + "|" + this[0];
        }
    }
}

//# Base_GenericDerivedClass
public partial class Base_GenericDerivedClass : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry new Logged<string>().Body(ch, "v")
    public class Bag<T>
    {
        protected readonly List<T> items = new();
        public virtual void Put(T item) => items.Add(item);
        public virtual string Dump<U>(U tag) => tag + "[" + string.Join(",", items) + "]";
    }
    public partial class Logged<T> : Bag<T>
    {
        public override void Put(T item) { Log("logged put " + item); base.Put(item); }
        public override string Dump<U>(U tag) => "logged";

        [Tasklet]
        public string Body(Channel<int> ch, T value)
        {
            for (int i = ch.Receive(); i < 3; i++)
            {
                base.Put(value);
                Put(value);
                Scheduler.Schedule();
            }
            return base.Dump(ch.Receive()) + Dump(0);
        }
    }
}
