using System.Text.Json;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Failures;
using NeuroActors.Kie;

namespace NeuroActors.Tests.Kie;

public sealed class KieTaskParserTests
{
    private static JsonElement Data(string envelope) => JsonDocument.Parse(envelope).RootElement.GetProperty("data").Clone();

    private static JsonElement Root(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Record_info_success_reads_result_urls_from_the_result_json_string()
    {
        var data = Data("""
            {"code":200,"msg":"success","data":{"taskId":"task_12345678","model":"grok-imagine/text-to-image","state":"success",
             "param":"{\"model\":\"grok-imagine/text-to-image\",\"callBackUrl\":\"https://your-domain.com/api/callback\",\"input\":{\"prompt\":\"Cinematic portrait...\",\"aspect_ratio\":\"3:2\"}}",
             "resultJson":"{\"resultUrls\":[\"https://example.com/generated-content.jpg\"]}",
             "failCode":"","failMsg":"","costTime":15000,"completeTime":1698765432000,"createTime":1698765400000,"updateTime":1698765432000}}
            """);

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "task_12345678");

        Assert.Equal(KieTaskPhase.Succeeded, outcome.Phase);
        Assert.Equal(["https://example.com/generated-content.jpg"], outcome.ResultUrls);
        Assert.Equal("grok-imagine/text-to-image", outcome.Model);
        Assert.Null(outcome.Failure);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1698765432000), outcome.CompletedAt);
    }

    [Fact]
    public void Record_info_failure_classifies_the_prohibited_content_text()
    {
        var data = Data("""
            {"code":200,"msg":"success","data":{"taskId":"task_12345678","model":"grok-imagine/text-to-image","state":"fail",
             "param":"{\"model\":\"grok-imagine/text-to-image\",\"input\":{\"prompt\":\"...\"}}","resultJson":"",
             "failCode":"422","failMsg":"Invalid prompt: prompt contains prohibited content",
             "completeTime":1698765432000,"createTime":1698765400000,"updateTime":1698765432000}}
            """);

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "task_12345678");

        Assert.Equal(KieTaskPhase.Failed, outcome.Phase);
        Assert.Equal("422", outcome.FailCode);
        Assert.Equal(FailureClass.UserViolation, outcome.Failure!.Class);
        Assert.Equal(FailureTextKeys.ContentPolicy, outcome.Failure.TextKey);
        Assert.Empty(outcome.ResultUrls);
    }

    [Fact]
    public void Record_info_waiting_with_nulls_is_pending()
    {
        var data = Data("""
            {"code":200,"msg":"success","data":{"taskId":"abc","model":"kling-2.6/text-to-video","state":"waiting","param":"{}",
             "resultJson":null,"failCode":null,"failMsg":null,"costTime":null,"completeTime":null,"createTime":1757584164490}}
            """);

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "abc");

        Assert.Equal((KieTaskPhase.Pending, "waiting"), (outcome.Phase, outcome.State));
        Assert.Null(outcome.CompletedAt);
        Assert.False(outcome.IsFinal);
    }

    [Fact]
    public void Real_stored_record_with_nested_param_string_and_null_fail_fields_reads()
    {
        var data = Root("""
            {"taskId":"5d57f1c9920d9408219917ede8adbb9e","model":"nano-banana-2","state":"success",
             "param":"{\"input\":\"{\\\"aspect_ratio\\\":\\\"1:1\\\",\\\"output_format\\\":\\\"png\\\",\\\"prompt\\\":\\\"...\\\",\\\"resolution\\\":\\\"1K\\\"}\",\"callBackUrl\":\"http://localhost:3000/api/ai/notify/kie\",\"model\":\"nano-banana-2\"}",
             "resultJson":"{\"resultUrls\":[\"https://tempfile.aiquickdraw.com/images/1776398926632-ucgf3w6735i.png\"]}",
             "failCode":null,"failMsg":null,"costTime":93,"completeTime":1776398927151,"createTime":1776398832382}
            """);

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "5d57f1c9920d9408219917ede8adbb9e");

        Assert.Equal(KieTaskPhase.Succeeded, outcome.Phase);
        Assert.Equal(["https://tempfile.aiquickdraw.com/images/1776398926632-ucgf3w6735i.png"], outcome.ResultUrls);
        Assert.Null(outcome.FailCode);
    }

    [Fact]
    public void Sora_result_keeps_watermarked_urls_and_progress_apart()
    {
        var data = Root("""
            {"taskId":"t1","model":"sora-2-text-to-video","state":"success","progress":100,
             "resultJson":"{\"resultUrls\":[\"https://r/clean.mp4\"],\"resultWaterMarkUrls\":[\"https://r/marked.mp4\"]}",
             "someFieldFromTheFuture":{"x":1}}
            """);

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "t1");

        Assert.Equal(["https://r/clean.mp4"], outcome.ResultUrls);
        Assert.Equal(["https://r/marked.mp4"], outcome.WatermarkedUrls);
        Assert.Equal(100, outcome.Progress);
    }

    [Fact]
    public void Text_model_result_object_is_kept_as_json()
    {
        var data = Root("""{"taskId":"t2","state":"success","resultJson":"{\"resultObject\":{\"text\":\"hello\"}}"}""");

        var outcome = KieTaskParser.ParseRecord(ApiFamily.Market, data, "t2");

        Assert.Equal("""{"text":"hello"}""", outcome.ResultObjectJson);
    }

    [Fact]
    public void Market_success_callback_reads_urls_and_credits()
    {
        var root = Root("""
            {"code":200,"msg":"Playground task completed successfully.",
             "data":{"taskId":"e989621f54392584b05867f87b160672","model":"sora-2-text-to-video","state":"success",
              "param":"{\"callBackUrl\":\"https://your-domain.com/api/callback\",\"model\":\"sora-2-text-to-video\",\"input\":{}}",
              "resultJson":"{\"resultUrls\":[\"https://tempfile.aiquickdraw.com/v.mp4\"]}","failCode":null,"failMsg":null,
              "costTime":8,"completeTime":1755599644000,"createTime":1755599634000,"updateTime":1755599644000,
              "consumeCredits":100,"remainedCredits":2510330}}
            """);

        var outcome = KieTaskParser.ParseCallback(ApiFamily.Market, root)!;

        Assert.Equal(("e989621f54392584b05867f87b160672", KieTaskPhase.Succeeded), (outcome.TaskId, outcome.Phase));
        Assert.Equal(["https://tempfile.aiquickdraw.com/v.mp4"], outcome.ResultUrls);
        Assert.Equal(100m, outcome.CreditsConsumed);
        Assert.Equal(2510330m, outcome.RemainingCredits);
    }

    [Fact]
    public void Market_failure_callback_is_temporary_by_its_fail_code()
    {
        var root = Root("""
            {"code":501,"msg":"Playground task failed.",
             "data":{"taskId":"bd3a37c523149e4adf45a3ddb5faf1a8","model":"kling-2.6/image-to-video","state":"fail","param":"{...}",
              "resultJson":null,"failCode":"500","failMsg":"Internal server error","costTime":0,
              "completeTime":1755597081000,"createTime":1755596341000,"consumeCredits":0}}
            """);

        var outcome = KieTaskParser.ParseCallback(ApiFamily.Market, root)!;

        Assert.Equal(KieTaskPhase.Failed, outcome.Phase);
        Assert.Equal(FailureClass.Temporary, outcome.Failure!.Class);
        Assert.True(outcome.Failure.Retry);
        Assert.Equal(0m, outcome.CreditsConsumed);
    }

    [Fact]
    public void Newer_credits_consumed_field_is_read()
    {
        var root = Root("""{"code":200,"msg":"ok","data":{"taskId":"t","state":"success","resultJson":"{\"resultUrls\":[]}","creditsConsumed":6.5}}""");

        Assert.Equal(6.5m, KieTaskParser.ParseCallback(ApiFamily.Market, root)!.CreditsConsumed);
    }

    [Fact]
    public void Veo_record_info_success_and_failure_read_by_success_flag()
    {
        var success = Root("""
            {"taskId":"veo_task_abcdef123456","paramJson":"{}","completeTime":"2025-06-06 10:30:00","createTime":"2025-06-06 10:25:00",
             "response":{"taskId":"veo_task_abcdef123456","resultUrls":["https://r/veo.mp4"],"originUrls":["https://r/o.mp4"],"resolution":"1080p"},
             "successFlag":1,"errorCode":null,"errorMessage":null,"fallbackFlag":false}
            """);
        var failed = Root("""{"taskId":"v2","successFlag":3,"errorCode":400,"errorMessage":"Your prompt was flagged by Website as violating content policies."}""");
        var running = Root("""{"taskId":"v3","successFlag":0}""");

        var ok = KieTaskParser.ParseRecord(ApiFamily.Veo, success, "veo_task_abcdef123456");
        var bad = KieTaskParser.ParseRecord(ApiFamily.Veo, failed, "v2");

        Assert.Equal((KieTaskPhase.Succeeded, "https://r/veo.mp4"), (ok.Phase, ok.ResultUrls.Single()));
        Assert.Equal(new DateTimeOffset(2025, 6, 6, 10, 30, 0, TimeSpan.Zero), ok.CompletedAt);
        Assert.Equal((KieTaskPhase.Failed, FailureTextKeys.ContentPolicy), (bad.Phase, bad.Failure!.TextKey));
        Assert.Equal(KieTaskPhase.Pending, KieTaskParser.ParseRecord(ApiFamily.Veo, running, "v3").Phase);
    }

    [Fact]
    public void Veo_callbacks_read_success_urls_and_failure_code()
    {
        var success = Root("""
            {"code":200,"msg":"Veo3.1 video generated successfully.","data":{"taskId":"veo1","promptJson":"{}",
             "info":{"resultUrls":["https://r/veo.mp4"],"originUrls":["https://r/o.mp4"],"resolution":"1080p"},"fallbackFlag":false}}
            """);
        var failure = Root("""{"code":400,"msg":"Your prompt was flagged by Website as violating content policies.","data":{"taskId":"veo2","fallbackFlag":false}}""");

        var ok = KieTaskParser.ParseCallback(ApiFamily.Veo, success)!;
        var bad = KieTaskParser.ParseCallback(ApiFamily.Veo, failure)!;

        Assert.Equal(["https://r/veo.mp4"], ok.ResultUrls);
        Assert.Equal((KieTaskPhase.Failed, "400", FailureClass.UserViolation), (bad.Phase, bad.FailCode, bad.Failure!.Class));
    }

    [Fact]
    public void Suno_record_info_reads_tracks_and_statuses()
    {
        var success = Root("""
            {"taskId":"s1","parentMusicId":"","param":"{}","status":"SUCCESS","type":"GENERATE","errorCode":null,"errorMessage":null,
             "response":{"sunoData":[{"id":"a","audioUrl":"https://r/1.mp3","streamAudioUrl":"https://r/s1","imageUrl":"https://r/1.jpg","title":"One","duration":198.4},
                                     {"id":"b","audioUrl":"https://r/2.mp3"}]}}
            """);
        var failed = Root("""{"taskId":"s2","status":"GENERATE_AUDIO_FAILED","errorCode":501,"errorMessage":"Audio generation failed"}""");
        var sensitive = Root("""{"taskId":"s3","status":"SENSITIVE_WORD_ERROR","errorCode":400,"errorMessage":"Lyrics check failed"}""");
        var first = Root("""{"taskId":"s4","status":"FIRST_SUCCESS","response":{"sunoData":[{"audioUrl":"https://r/1.mp3"}]}}""");

        Assert.Equal(["https://r/1.mp3", "https://r/2.mp3"], KieTaskParser.ParseRecord(ApiFamily.Suno, success, "s1").ResultUrls);
        Assert.Equal(FailureClass.Temporary, KieTaskParser.ParseRecord(ApiFamily.Suno, failed, "s2").Failure!.Class);
        Assert.Equal(FailureTextKeys.ContentPolicy, KieTaskParser.ParseRecord(ApiFamily.Suno, sensitive, "s3").Failure!.TextKey);
        Assert.Equal(KieTaskPhase.Pending, KieTaskParser.ParseRecord(ApiFamily.Suno, first, "s4").Phase);
    }

    [Fact]
    public void Suno_callbacks_go_text_first_complete_or_error()
    {
        var complete = Root("""
            {"code":200,"msg":"All generated successfully.","data":{"callbackType":"complete","task_id":"s1",
             "data":[{"id":"a","audio_url":"https://r/1.mp3","stream_audio_url":"https://r/s","image_url":"https://r/i.jpg","title":"One"}]}}
            """);
        var text = Root("""{"code":200,"msg":"Text generated.","data":{"callbackType":"text","task_id":"s1","data":[]}}""");
        var error = Root("""{"code":501,"msg":"Audio generation failed","data":{"callbackType":"error","task_id":"s1","data":null}}""");

        Assert.Equal((KieTaskPhase.Succeeded, "https://r/1.mp3"), (KieTaskParser.ParseCallback(ApiFamily.Suno, complete)!.Phase, KieTaskParser.ParseCallback(ApiFamily.Suno, complete)!.ResultUrls.Single()));
        Assert.Equal(KieTaskPhase.Pending, KieTaskParser.ParseCallback(ApiFamily.Suno, text)!.Phase);
        var failed = KieTaskParser.ParseCallback(ApiFamily.Suno, error)!;
        Assert.Equal((KieTaskPhase.Failed, FailureClass.Temporary), (failed.Phase, failed.Failure!.Class));
    }

    [Fact]
    public void Runway_4o_and_flux_records_and_callbacks_read()
    {
        var runway = Root("""{"taskId":"r1","state":"success","videoInfo":{"videoId":"v","taskId":"r1","videoUrl":"https://r/run.mp4","imageUrl":"https://r/c.jpg"},"failCode":null,"expireFlag":0}""");
        var runwayFail = Root("""{"taskId":"r2","state":"fail","failCode":400,"failMsg":"Your prompt was caught by our AI moderator."}""");
        var runwayCallback = Root("""{"code":200,"msg":"All generated successfully.","data":{"task_id":"r1","video_id":"v","video_url":"https://r/run.mp4","image_url":"https://r/c.jpg"}}""");
        var image4o = Root("""{"taskId":"g1","successFlag":0,"status":"GENERATING","progress":"0.40"}""");
        var image4oCallback = Root("""{"code":200,"msg":"success","data":{"taskId":"g1","info":{"result_urls":["https://r/4o.png"]}}}""");
        var flux = Root("""{"taskId":"f1","successFlag":1,"response":{"originImageUrl":"https://r/o.png","resultImageUrl":"https://r/f.png"}}""");
        var fluxCallback = Root("""{"code":200,"msg":"BFL image generated successfully.","data":{"taskId":"f1","info":{"originImageUrl":"https://r/o.png","resultImageUrl":"https://r/f.png"}}}""");

        Assert.Equal("https://r/run.mp4", KieTaskParser.ParseRecord(ApiFamily.Runway, runway, "r1").ResultUrls.Single());
        Assert.Equal(FailureTextKeys.ContentPolicy, KieTaskParser.ParseRecord(ApiFamily.Runway, runwayFail, "r2").Failure!.TextKey);
        Assert.Equal("https://r/run.mp4", KieTaskParser.ParseCallback(ApiFamily.Runway, runwayCallback)!.ResultUrls.Single());
        Assert.Equal((KieTaskPhase.Pending, 40), (KieTaskParser.ParseRecord(ApiFamily.Gpt4oImage, image4o, "g1").Phase, KieTaskParser.ParseRecord(ApiFamily.Gpt4oImage, image4o, "g1").Progress));
        Assert.Equal("https://r/4o.png", KieTaskParser.ParseCallback(ApiFamily.Gpt4oImage, image4oCallback)!.ResultUrls.Single());
        Assert.Equal("https://r/f.png", KieTaskParser.ParseRecord(ApiFamily.FluxKontext, flux, "f1").ResultUrls.Single());
        Assert.Equal("https://r/f.png", KieTaskParser.ParseCallback(ApiFamily.FluxKontext, fluxCallback)!.ResultUrls.Single());
    }

    [Fact]
    public void Callback_without_any_task_id_is_not_an_outcome()
    {
        Assert.Null(KieTaskParser.ParseCallback(ApiFamily.Market, Root("""{"code":200,"msg":"ok","data":{"state":"success"}}""")));
    }
}
