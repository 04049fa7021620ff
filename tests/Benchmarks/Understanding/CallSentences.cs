namespace Middleware.Benchmarks.Understanding;

/// <summary>Call-center sentences of typical segment length (8–40 characters / 5–20 words), the load the classifiers see.</summary>
public static class CallSentences
{
    public static string[] Chinese { get; } =
    [
        "你好，我上周买的衣服尺码不对", "快递到现在还没到，太慢了", "客服一直不回复，我非常生气，要投诉", "这个热水器用了三天就坏了",
        "好的，谢谢你，服务很好", "我要退货退款，质量太差了", "酒店房间很干净，前台态度也好", "平板充电很慢，屏幕还有坏点",
        "请问我的订单什么时候发货", "水果坏了一半，很失望", "书的印刷质量不错，内容也很好", "洗发水味道太冲了，不喜欢",
        "电脑开机很慢，经常死机，请帮我处理一下", "蒙牛牛奶日期很新鲜，下次还买", "你们的系统是不是出问题了", "没关系，我再等等",
    ];

    public static string[] English { get; } =
    [
        "Hi, my new card still has not arrived", "I was charged twice for the same purchase", "Can you tell me why my transfer was declined",
        "This is the third time I am calling, it is ridiculous", "Thank you so much, that was really helpful", "How do I change my PIN",
        "I lost my card yesterday, please block it", "The app keeps crashing when I try to top up", "What are the fees for an international transfer",
        "I want a refund for this payment", "Okay, that sounds fine", "Why is my balance not updated after the deposit",
        "I am really frustrated with this service", "Can I get a virtual card", "My account was blocked and nobody tells me why", "Great, thanks",
    ];
}
