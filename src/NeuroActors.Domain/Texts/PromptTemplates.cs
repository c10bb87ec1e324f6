using NeuroActors.Domain.Conversation;

namespace NeuroActors.Domain.Texts;

/// <summary>
/// A ready prompt in a proven style with one blank, <c>{subject}</c>, that the user fills in a few words
/// ("a glass bottle of lavender perfume"). For speech, the template is the script to be read aloud.
/// </summary>
public sealed record PromptTemplate(
    string Id,
    MediaKind Kind,
    string TitleEn,
    string TitleRu,
    string TextEn,
    string TextRu,
    string ExampleEn,
    string ExampleRu)
{
    public const string Blank = "{subject}";

    public string Title(Language language) => language == Language.Russian ? TitleRu : TitleEn;

    public string Example(Language language) => language == Language.Russian ? ExampleRu : ExampleEn;

    /// <summary>The final prompt: the template in the user's language with the blank filled.</summary>
    public string Apply(Language language, string subject)
    {
        var text = language == Language.Russian ? TextRu : TextEn;
        var filled = subject.Trim().TrimEnd('.', '!', '…').Trim();
        return text.Replace(Blank, filled, StringComparison.Ordinal);
    }
}

/// <summary>The templates offered on a model card, a few per kind, in English and Russian.</summary>
public static class PromptTemplates
{
    public static IReadOnlyList<PromptTemplate> All { get; } =
    [
        new("img_product", MediaKind.Image, "🛍 Product ad", "🛍 Реклама товара",
            "Premium commercial product photo of {subject}, centered on a clean marble pedestal, soft studio lighting with gentle reflections, shallow depth of field, pastel gradient background, high detail, 85 mm lens, no added text or logos",
            "Премиальное рекламное фото: {subject} в центре кадра на чистом мраморном постаменте, мягкий студийный свет с деликатными бликами, малая глубина резкости, пастельный градиентный фон, высокая детализация, объектив 85 мм, без надписей и добавленных логотипов",
            "a glass bottle of lavender perfume", "стеклянный флакон лавандовых духов"),
        new("img_cinema", MediaKind.Image, "🎞 Cinematic", "🎞 Кинокадр",
            "Cinematic film still of {subject}, dramatic golden-hour side light, anamorphic lens, shallow depth of field, subtle film grain, rich teal and orange color grading, wide 16:9 composition",
            "Кинематографичный кадр: {subject}, драматичный боковой свет золотого часа, анаморфотный объектив, малая глубина резкости, лёгкое плёночное зерно, насыщенная цветокоррекция в бирюзово-оранжевых тонах, широкая композиция 16:9",
            "a lone rider crossing a desert at dusk", "одинокий всадник пересекает пустыню на закате"),
        new("img_cartoon", MediaKind.Image, "🧸 3D cartoon", "🧸 3D-мультфильм",
            "Cute 3D cartoon illustration of {subject}, animated feature film style, soft rounded shapes, bright cheerful colors, warm studio light, simple pastel background, high detail",
            "Милая 3D-иллюстрация в стиле анимационного фильма: {subject}, мягкие округлые формы, яркие радостные цвета, тёплый студийный свет, простой пастельный фон, высокая детализация",
            "a fox cub reading a book under a mushroom", "лисёнок читает книгу под грибом"),
        new("img_watercolor", MediaKind.Image, "🎨 Watercolor", "🎨 Акварель",
            "Delicate watercolor painting of {subject}, loose expressive brushstrokes, soft color bleeds, visible white paper texture, light and airy palette",
            "Нежная акварель: {subject}, свободные выразительные мазки, мягкие цветовые перетекания, заметная фактура белой бумаги, светлая воздушная палитра",
            "a red fox in snow", "рыжая лиса в снегу"),
        new("img_portrait", MediaKind.Image, "📸 Portrait", "📸 Портрет",
            "Professional portrait photo of {subject}, natural window light, soft shadows, 50 mm lens at f/1.8, creamy bokeh background, true-to-life skin tones, editorial magazine style",
            "Профессиональный портрет: {subject}, естественный свет из окна, мягкие тени, объектив 50 мм f/1.8, мягкое размытие фона, естественные оттенки кожи, стиль журнальной съёмки",
            "an elderly fisherman with a kind smile", "пожилой рыбак с доброй улыбкой"),

        new("vid_product", MediaKind.Video, "🛍 Product ad", "🛍 Реклама товара",
            "Premium product commercial of {subject}: slow orbiting camera around the product on a reflective surface, soft studio light with moving highlights, close-up details, smooth motion, no people, no on-screen text",
            "Премиальный рекламный ролик: {subject}, камера медленно облетает товар на глянцевой поверхности, мягкий студийный свет с движущимися бликами, крупные планы деталей, плавное движение, без людей и без текста в кадре",
            "white wireless earbuds in an open case", "белые беспроводные наушники в открытом кейсе"),
        new("vid_cinema", MediaKind.Video, "🎞 Cinematic", "🎞 Кинокадр",
            "Cinematic shot of {subject}, slow dolly-in, dramatic lighting, shallow depth of field, atmospheric haze, film look, smooth stabilized camera",
            "Кинематографичная сцена: {subject}, медленный наезд камеры, драматичный свет, малая глубина резкости, лёгкая атмосферная дымка, плёночная картинка, плавная стабилизированная камера",
            "a lighthouse in a storm at night", "маяк в шторм ночью"),
        new("vid_ugc", MediaKind.Video, "📱 Customer review", "📱 Отзыв покупателя",
            "Vertical smartphone video: a friendly person in a cozy home shows {subject} to the camera and says why they love it, natural light, handheld feel, authentic and upbeat, no subtitles",
            "Вертикальное видео на смартфон: приветливый человек в уютной квартире показывает в камеру {subject} и рассказывает, за что его любит, естественный свет, съёмка с рук, живо и искренне, без субтитров",
            "a ceramic coffee mug that keeps drinks hot", "керамическую кружку, которая долго держит тепло"),
        new("vid_nature", MediaKind.Video, "🌅 Nature", "🌅 Природа",
            "Breathtaking aerial drone shot of {subject}, golden hour, slow forward motion, volumetric light, rich natural colors, documentary style",
            "Захватывающая съёмка с дрона: {subject}, золотой час, медленное движение вперёд, объёмный свет, насыщенные природные цвета, документальный стиль",
            "a mountain lake surrounded by autumn forest", "горное озеро среди осеннего леса"),

        new("mus_pop", MediaKind.Music, "🎤 Pop song", "🎤 Поп-песня",
            "Upbeat catchy pop song about {subject}, memorable chorus, bright synths and guitar, female vocals, 120 BPM, radio-ready mix",
            "Бодрая запоминающаяся поп-песня про {subject}, цепляющий припев, яркие синтезаторы и гитара, женский вокал, 120 BPM, радийное звучание",
            "a summer road trip with friends", "летнюю поездку с друзьями"),
        new("mus_lofi", MediaKind.Music, "🎧 Lo-fi", "🎧 Лоу-фай",
            "Relaxing lo-fi hip-hop instrumental inspired by {subject}, vinyl crackle, mellow piano chords, soft boom-bap drums, 80 BPM, no vocals",
            "Расслабляющий инструментальный лоу-фай хип-хоп, навеянный темой «{subject}», треск винила, мягкие аккорды пианино, негромкие бум-бэп барабаны, 80 BPM, без вокала",
            "a rainy evening in the city", "дождливый вечер в городе"),
        new("mus_epic", MediaKind.Music, "🎻 Epic orchestral", "🎻 Эпичный оркестр",
            "Epic cinematic orchestral piece about {subject}, powerful strings and brass, choir, thundering percussion, slow build to a triumphant climax, instrumental",
            "Эпичная кинематографичная оркестровая композиция про {subject}, мощные струнные и медные, хор, грохочущие барабаны, медленное нарастание до торжественной кульминации, без слов",
            "heroes returning home after a long journey", "героев, возвращающихся домой после долгого пути"),
        new("mus_greeting", MediaKind.Music, "🎉 Greeting song", "🎉 Песня-поздравление",
            "Cheerful celebratory song for {subject}, warm personal lyrics, acoustic guitar, claps and a sing-along chorus, happy mood",
            "Весёлая праздничная песня-поздравление: {subject}, тёплые личные слова, акустическая гитара, хлопки и припев, который хочется подпевать, радостное настроение",
            "my sister Anna's 30th birthday", "с 30-летием сестры Анны"),

        new("sp_ad", MediaKind.Speech, "📢 Ad voice-over", "📢 Рекламный голос",
            "Meet {subject}. Made for people who value quality and their time. Try it today, and you will feel the difference from the very first day.",
            "Знакомьтесь: {subject}. Создано для тех, кто ценит качество и своё время. Попробуйте уже сегодня, и разницу вы почувствуете с первого дня.",
            "the new Aurora smart lamp", "новая умная лампа «Аврора»"),
        new("sp_welcome", MediaKind.Speech, "👋 Welcome message", "👋 Приветствие",
            "Hello and welcome to {subject}! We are glad you are here. Stay with us: the most interesting part is just beginning.",
            "Здравствуйте и добро пожаловать: {subject}! Мы рады, что вы с нами. Оставайтесь: самое интересное только начинается.",
            "the Green Leaf coffee house", "кофейня «Зелёный лист»"),
        new("sp_story", MediaKind.Speech, "📖 Bedtime story", "📖 Сказка на ночь",
            "Once upon a time there lived {subject}. Every evening, when the stars lit up in the sky, a small adventure began, and tonight was no different.",
            "Жил-был {subject}. Каждый вечер, когда на небе зажигались звёзды, начиналось маленькое приключение, и этот вечер не стал исключением.",
            "a little dragon named Tim", "маленький дракон по имени Тим"),
        new("sp_podcast", MediaKind.Speech, "🎙 Podcast intro", "🎙 Заставка подкаста",
            "You are listening to {subject}. Every episode brings honest conversations, useful ideas and a bit of inspiration. Let's begin!",
            "Вы слушаете {subject}. В каждом выпуске честные разговоры, полезные идеи и немного вдохновения. Начинаем!",
            "the Morning Makers podcast", "подкаст «Утро созидателей»"),
    ];

    public static IReadOnlyList<PromptTemplate> ForKind(MediaKind kind) => All.Where(t => t.Kind == kind).ToArray();

    public static PromptTemplate? Find(string? id) => id is null ? null : All.FirstOrDefault(t => t.Id == id);
}
