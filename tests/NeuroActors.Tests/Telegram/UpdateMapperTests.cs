using System.Text;
using System.Text.Json;
using Akka.Actor;
using NeuroActors.Actors.Serialization;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace NeuroActors.Tests.Telegram;

public sealed class UpdateMapperTests
{
    public static TheoryData<string, string, OtherMedia> OtherMessages() => new()
    {
        { "sticker", """{"file_id":"s1","file_unique_id":"u1","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}""", OtherMedia.Sticker },
        { "location", """{"latitude":55.75,"longitude":37.61}""", OtherMedia.Location },
        { "contact", """{"phone_number":"+100","first_name":"Bob"}""", OtherMedia.Contact },
    };

    [Theory]
    [MemberData(nameof(OtherMessages))]
    public void A_message_that_is_neither_text_nor_photo_arrives_with_its_media_kind_as_a_value(string field, string payload, OtherMedia expected)
    {
        var update = Parse($$$"""{"update_id":7,"message":{"message_id":3,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"{{{field}}}":{{{payload}}}}}""");

        var mapped = UpdateMapper.Map(update)!;

        Assert.Equal((UpdateKind.OtherMessage, expected), (mapped.Kind, mapped.OtherMedia));
        Assert.Equal(new ConversationInput.OtherMessage(expected), mapped.ToConversationInput());
    }

    public static TheoryData<string, string, UpdateKind, OtherMedia, int> TimedMedia() => new()
    {
        { "voice", """{"file_id":"v1","file_unique_id":"u2","duration":2,"mime_type":"audio/ogg","file_size":900}""", UpdateKind.Audio, OtherMedia.Voice, 2 },
        { "audio", """{"file_id":"v1","file_unique_id":"u2","duration":95,"mime_type":"audio/mpeg","file_size":900}""", UpdateKind.Audio, OtherMedia.Audio, 95 },
        { "video", """{"file_id":"v1","file_unique_id":"u2","width":160,"height":90,"duration":8,"mime_type":"video/mp4","file_size":900}""", UpdateKind.Video, OtherMedia.Video, 8 },
        { "video_note", """{"file_id":"v1","file_unique_id":"u3","length":240,"duration":3,"file_size":900}""", UpdateKind.Video, OtherMedia.VideoNote, 3 },
    };

    [Theory]
    [MemberData(nameof(TimedMedia))]
    public void A_voice_an_audio_a_video_and_a_video_note_arrive_with_their_file_size_and_length(string field, string payload, UpdateKind kind, OtherMedia sentAs, int seconds)
    {
        var update = Parse($$$"""{"update_id":7,"message":{"message_id":3,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"caption":"hi","{{{field}}}":{{{payload}}}}}""");

        var mapped = UpdateMapper.Map(update)!;

        Assert.Equal((kind, sentAs, seconds, 900L, "v1"), (mapped.Kind, mapped.OtherMedia!.Value, mapped.Duration!.Value, mapped.FileSize!.Value, mapped.FileId!));
        var input = mapped.ToConversationInput();
        Assert.True(kind == UpdateKind.Audio
            ? input is ConversationInput.Audio { Seconds: var a, FileSize: 900, Caption: "hi" } && a == seconds
            : input is ConversationInput.Video { Seconds: var v, FileSize: 900 } && v == seconds, input?.ToString());
    }

    [Fact]
    public void A_photo_of_an_album_carries_its_media_group_id()
    {
        var update = Parse("""{"update_id":9,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"media_group_id":"g-1","photo":[{"file_id":"p1","file_unique_id":"q1","width":90,"height":90,"file_size":100}]}}""");

        Assert.Equal(new ConversationInput.Photo("p1", 100, null, "g-1"), UpdateMapper.Map(update)!.ToConversationInput());
    }

    [Fact]
    public void A_text_message_carries_no_media_kind_and_reads_as_text()
    {
        var mapped = UpdateMapper.Map(Parse("""{"update_id":8,"message":{"message_id":4,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"text":"a fox"}}"""))!;

        Assert.Null(mapped.OtherMedia);
        Assert.Equal(new ConversationInput.Text("a fox"), mapped.ToConversationInput());
    }

    [Fact]
    public void The_senders_username_comes_with_a_message_a_button_tap_and_a_block_and_is_absent_when_they_have_none()
    {
        const string from = """{"id":42,"is_bot":false,"first_name":"Ann","username":"Ann_Fox"}""";
        var text = UpdateMapper.Map(Parse($$$"""{"update_id":9,"message":{"message_id":4,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{{{from}}},"text":"hi"}}"""))!;
        var tap = UpdateMapper.Map(Parse($$$"""{"update_id":10,"callback_query":{"id":"q1","from":{{{from}}},"chat_instance":"c","data":"x"}}"""))!;
        var blocked = UpdateMapper.Map(Parse($$$$$$"""{"update_id":11,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{{{{{{from}}}}}},"date":1700000000,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"Bot"}},"new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"Bot"},"until_date":0}}}"""))!;
        var nameless = UpdateMapper.Map(Parse("""{"update_id":12,"message":{"message_id":5,"date":1700000000,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Ann"},"text":"hi"}}"""))!;

        Assert.All(new[] { text.Username, tap.Username, blocked.Username }, name => Assert.Equal("Ann_Fox", name));
        Assert.Equal(UpdateKind.BotBlocked, blocked.Kind);
        Assert.Null(nameless.Username);
    }

    [Fact]
    public void The_media_kind_keeps_the_names_updates_carried_between_nodes_when_it_was_a_string()
    {
        using var system = ActorSystem.Create("update-mapper");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        var handle = new HandleUpdate(42, new IncomingUpdate(9, 42, 42, true, UpdateKind.OtherMessage, OtherMedia: OtherMedia.VideoNote));

        var written = Encoding.UTF8.GetString(serializer.ToBinary(handle));
        var fromOldNode = """{"userId":42,"update":{"updateId":9,"userId":42,"chatId":42,"privateChat":true,"kind":"OtherMessage","otherMedia":"video_note"}}"""u8.ToArray();

        Assert.Contains("\"otherMedia\":\"video_note\"", written, StringComparison.Ordinal);
        Assert.Equal(handle, serializer.FromBinary(fromOldNode, "user-handle-update.v1"));
    }

    private static Update Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;
}
