//! The texts and layout of the proposal forms (2025 Rules, Appendices 3–6), Russian and Kazakh side by side.
//!
//! This is the one place that holds form wording. Russian texts are copied verbatim from the 2025 Rules
//! (unbalanced parentheses included: the Rules print «(при наличии)» with a single closing bracket).
//! Kazakh texts are the official 2021 wording where the 2021 forms had the column or title; the rest
//! are working translations (marked `// working translation`) until the official Kazakh text of the 2025
//! forms is at hand.

use tizilim_findings::FormId;

use super::Lang;

/// A text in both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct T {
    pub ru: &'static str,
    pub kk: &'static str,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::Kk => self.kk,
        }
    }
}

/// What fills a column of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Src {
    /// Row number (№ п/п).
    Ordinal,
    /// Register entry code + name + field.
    StructuralElement,
    /// Current wording (register).
    Current,
    /// Proposed wording (act), or the exclusion word.
    Proposed,
    /// The act reference that justifies the row.
    Justification,
    /// Register code.
    Code,
    /// Service name.
    Name,
    /// Subtype name.
    Subtype,
    /// Recipients category.
    Recipients,
    /// Central body developing the by-law.
    Ministry,
    /// Provider.
    Provider,
    /// Organisations accepting applications.
    Intake,
    /// Paid or free.
    Paid,
    /// Legal basis of the fee.
    FeeBasis,
    /// Fee amount.
    FeeAmount,
    /// Form of the result.
    ResultForm,
    /// Term.
    Term,
    /// Provider's information system.
    InfoSystem,
    /// Order of provision (documents).
    Documents,
}

impl Src {
    /// The column's key in edited wordings (`proposed`, `name`, ...); None for the row number,
    /// which is never edited.
    pub fn key(self) -> Option<&'static str> {
        Some(match self {
            Src::Ordinal => return None,
            Src::StructuralElement => "structural_element",
            Src::Current => "current",
            Src::Proposed => "proposed",
            Src::Justification => "justification",
            Src::Code => "code",
            Src::Name => "name",
            Src::Subtype => "subtype",
            Src::Recipients => "recipients",
            Src::Ministry => "ministry",
            Src::Provider => "provider",
            Src::Intake => "intake",
            Src::Paid => "paid",
            Src::FeeBasis => "fee_basis",
            Src::FeeAmount => "fee_amount",
            Src::ResultForm => "result_form",
            Src::Term => "term",
            Src::InfoSystem => "info_system",
            Src::Documents => "documents",
        })
    }
}

/// One column: its header text, an optional group header spanning it and its neighbours (the upper
/// level of a two-level header), what fills it, and its width in Excel character units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColSpec {
    pub text: T,
    pub group: Option<T>,
    pub src: Src,
    pub width: f64,
}

/// One form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormSpec {
    pub number: u8,
    pub title: T,
    pub columns: &'static [ColSpec],
}

const fn col(ru: &'static str, kk: &'static str, src: Src, width: f64) -> ColSpec {
    ColSpec {
        text: T { ru, kk },
        group: None,
        src,
        width,
    }
}

const IN_THAT: T = T {
    ru: "в том числе:",
    kk: "оның ішінде:",
};

const fn grouped(ru: &'static str, kk: &'static str, src: Src, width: f64) -> ColSpec {
    ColSpec {
        text: T { ru, kk },
        group: Some(IN_THAT),
        src,
        width,
    }
}

/// «Форма» / «Нысан», the word above a form's title.
pub(crate) const FORM_WORD: T = T {
    ru: "Форма",
    kk: "Нысан",
};

/// The header of the hidden last column that links a row to its finding.
pub(crate) const ID_HEADER: &str = "ID";

/// The evidence sheet: its name and its columns (ID, file, path, quote, confidence).
pub(crate) const EVIDENCE_SHEET: T = T {
    ru: "Обоснования",
    kk: "Негіздемелер",
};
pub(crate) const EVIDENCE_COLUMNS: [(T, f64); 5] = [
    (T { ru: "ID", kk: "ID" }, 22.0),
    (
        T {
            ru: "Файл",
            kk: "Файл",
        },
        30.0,
    ),
    (
        T {
            ru: "Структурный элемент акта",
            kk: "Актінің құрылымдық элементі",
        },
        28.0,
    ),
    (
        T {
            ru: "Цитата",
            kk: "Дәйексөз",
        },
        90.0,
    ),
    (
        T {
            ru: "Уверенность",
            kk: "Сенімділік",
        },
        13.0,
    ),
];

/// «Исключить» / «Алып тастау»: the proposed wording of an exclusion.
pub(crate) const EXCLUDE: T = T {
    ru: "Исключить",
    kk: "Алып тастау",
};

/// The appendix header at the top right of a sheet (line breaks as in the Rules).
pub(crate) fn appendix_note(number: u8, lang: Lang) -> String {
    match lang {
        Lang::Ru => {
            format!("Приложение {number}\nк Правилам ведения реестра\nгосударственных услуг")
        }
        Lang::Kk => format!(
            "Мемлекеттік көрсетілетін\nқызметтер тізілімін жүргізу\nқағидаларына\n{number}-қосымша"
        ),
    }
}

/// The sheet name of a form («Приложение 3» / «3-қосымша»).
pub(crate) fn sheet_name(number: u8, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!("Приложение {number}"),
        Lang::Kk => format!("{number}-қосымша"),
    }
}

const JUSTIFICATION_CHANGES: T = T {
    ru: "Обоснование (ссылка на нормативный правовой акт и (или) поручение Правительства Республики Казахстан (при наличии)",
    kk: "Негіздеме (нормативтік құқықтық актіге және (немесе) Қазақстан Республикасы Үкіметінің тапсырмасына сілтеме (болған жағдайда)",
};

/// Appendices 3 and 5 share their columns.
const CHANGES: &[ColSpec] = &[
    col("№ п/п", "Р/с №", Src::Ordinal, 7.0),
    col(
        "Структурный элемент",
        "Құрылымдық элемент",
        Src::StructuralElement,
        38.0,
    ),
    col(
        "Действующая редакция",
        "Қолданыстағы редакция",
        Src::Current,
        45.0,
    ),
    col(
        "Предлагаемая редакция",
        "Ұсынылып отырған редакция",
        Src::Proposed,
        45.0,
    ),
    ColSpec {
        text: JUSTIFICATION_CHANGES,
        group: None,
        src: Src::Justification,
        width: 45.0,
    },
];

const ADDITIONS: &[ColSpec] = &[
    col(
        "Код государственной услуги",
        "Мемлекеттік көрсетілетін қызметтің коды",
        Src::Code,
        16.0,
    ),
    col(
        "Наименование государственной услуги",
        "Мемлекеттік көрсетілетін қызметтің атауы",
        Src::Name,
        20.0,
    ),
    col(
        "Наименование подвида государственной услуги",
        // working translation
        "Мемлекеттік көрсетілетін қызметтің кіші түрінің атауы",
        Src::Subtype,
        16.0,
    ),
    col(
        "Категория услугополучателей",
        "Көрсетілетін қызметті алушылардың санаты",
        Src::Recipients,
        17.0,
    ),
    col(
        "Наименование центрального государственного органа, разрабатывающего подзаконный нормативный правовой акт, определяющий порядок оказания государственной услуги",
        "Мемлекеттік қызметтерді көрсету тәртібін айқындайтын заңға тәуелді нормативтік құқықтық актіні әзірлейтін орталық мемлекеттік органның атауы",
        Src::Ministry,
        18.0,
    ),
    col(
        "Наименование услугодателя",
        "Көрсетілетін қызметті берушінің атауы",
        Src::Provider,
        15.0,
    ),
    col(
        "Организации, осуществляющие прием заявлений и выдачу оформленных документов (на каждый подвид государственной услуги)",
        "Өтініштерді қабылдауды және ресімделген құжаттарды беруді жүзеге асыратын ұйымдар",
        Src::Intake,
        16.0,
    ),
    col(
        "Платность (на каждый подвид государственной услуги)",
        "Ақылы болуы",
        Src::Paid,
        16.0,
    ),
    grouped(
        "Правовое основание",
        "Құқықтық негіздеме",
        Src::FeeBasis,
        14.0,
    ),
    grouped("размер платы", "төлем мөлшері", Src::FeeAmount, 12.0),
    col(
        "Форма результата оказания государственной услуги (на каждый подвид государственной услуги)",
        "Мемлекеттік көрсетілетін қызметті көрсету нәтижелерінің нысаны",
        Src::ResultForm,
        16.0,
    ),
    col(
        "Срок оказания гос услуги",
        // working translation
        "Мемлекеттік қызметті көрсету мерзімі",
        Src::Term,
        13.0,
    ),
    col(
        "Информационная система услугодателя (для оказания услуги)",
        // working translation
        "Көрсетілетін қызметті берушінің ақпараттық жүйесі",
        Src::InfoSystem,
        15.0,
    ),
    col(
        "Порядок оказания государственной услуги (перечень документов)",
        "Мемлекеттік көрсетілетін қызметті көрсету тәртібі (құжаттар тізбесі)",
        Src::Documents,
        18.0,
    ),
    col(
        "Основание для внесения дополнений в реестр (ссылка на нормативный правовой акт и (или) поручение Правительства Республики Казахстан (при наличии)",
        "Тізілімге толықтырулар енгізу негіздемесі (нормативтік құқықтық актіге және (немесе) Қазақстан Республикасы Үкіметінің тапсырмасына сілтеме (болған жағдайда)",
        Src::Justification,
        20.0,
    ),
];

// working translation: the whole of Appendix 6 (no 2021 counterpart).
const ADDITIONS_SOCIAL: &[ColSpec] = &[
    col(
        "Код общественно значимой услуги",
        "Қоғамдық маңызы бар көрсетілетін қызметтің коды",
        Src::Code,
        16.0,
    ),
    col(
        "Наименование общественно значимой услуги",
        "Қоғамдық маңызы бар көрсетілетін қызметтің атауы",
        Src::Name,
        50.0,
    ),
    col(
        "Наименование подвида общественно значимой услуги",
        "Қоғамдық маңызы бар көрсетілетін қызметтің кіші түрінің атауы",
        Src::Subtype,
        38.0,
    ),
    col(
        "Услугодатель",
        "Көрсетілетін қызметті беруші",
        Src::Provider,
        38.0,
    ),
];

const APP3: FormSpec = FormSpec {
    number: 3,
    title: T {
        ru: "Форма предложений по внесению изменений в реестр государственных услуг",
        kk: "Мемлекеттік көрсетілетін қызметтер тізіліміне өзгерістер енгізу жөніндегі ұсыныстар нысаны",
    },
    columns: CHANGES,
};

const APP4: FormSpec = FormSpec {
    number: 4,
    title: T {
        ru: "Форма сведений по внесению дополнений в реестр государственных услуг",
        // working translation (2021: «... ұсыныстар нысаны»; 2025 says «сведений», not «предложений»)
        kk: "Мемлекеттік көрсетілетін қызметтер тізіліміне толықтырулар енгізу жөніндегі мәліметтер нысаны",
    },
    columns: ADDITIONS,
};

const APP5: FormSpec = FormSpec {
    number: 5,
    title: T {
        ru: "Форма предложений по общественно значимой услуге для внесения изменений в реестр государственных услуг",
        // working translation
        kk: "Мемлекеттік көрсетілетін қызметтер тізіліміне өзгерістер енгізу үшін қоғамдық маңызы бар көрсетілетін қызмет бойынша ұсыныстар нысаны",
    },
    columns: CHANGES,
};

const APP6: FormSpec = FormSpec {
    number: 6,
    title: T {
        ru: "Форма сведений по общественно значимой услуге для внесения дополнений в реестр государственных услуг",
        // working translation
        kk: "Мемлекеттік көрсетілетін қызметтер тізіліміне толықтырулар енгізу үшін қоғамдық маңызы бар көрсетілетін қызмет бойынша мәліметтер нысаны",
    },
    columns: ADDITIONS_SOCIAL,
};

/// The specification of a form.
pub(crate) fn spec(form: FormId) -> &'static FormSpec {
    match form {
        FormId::App3 => &APP3,
        FormId::App4 => &APP4,
        FormId::App5 => &APP5,
        FormId::App6 => &APP6,
    }
}

/// The label of a register field inside a structural element («... — срок оказания»).
pub(crate) fn field_label(field: tizilim_findings::Field) -> T {
    use tizilim_findings::Field;
    match field {
        Field::Name => T {
            ru: "наименование услуги",
            kk: "көрсетілетін қызметтің атауы",
        },
        Field::Provider => T {
            ru: "услугодатель",
            kk: "көрсетілетін қызметті беруші",
        },
        Field::Form => T {
            ru: "форма оказания",
            kk: "көрсету нысаны",
        },
        Field::Term => T {
            ru: "срок оказания",
            kk: "көрсету мерзімі",
        },
        Field::Fee => T {
            ru: "платность",
            kk: "ақылы болуы",
        },
        Field::Bylaw => T {
            ru: "подзаконный нормативный правовой акт, определяющий порядок оказания",
            kk: "көрсету тәртібін айқындайтын заңға тәуелді нормативтік құқықтық акт",
        },
    }
}

/// Register codes (DOMAIN.md §8) that the forms spell out in words.
pub(crate) const CODE_WORDS: &[(&str, T)] = &[
    (
        "paid",
        T {
            ru: "платно",
            kk: "ақылы",
        },
    ),
    (
        "free",
        T {
            ru: "бесплатно",
            kk: "тегін",
        },
    ),
    (
        "individual",
        T {
            ru: "физические лица",
            kk: "жеке тұлғалар",
        },
    ),
    (
        "legal",
        T {
            ru: "юридические лица",
            kk: "заңды тұлғалар",
        },
    ),
];
