/**
 * The bar's fixed words in every language it speaks. `{name}` placeholders are filled by
 * `format`; a plural message has one text per `Intl.PluralRules` category the language uses
 * (`other` always, as the fallback). Sentences put the month first where the language
 * would otherwise need a declined month name (Polish, Japanese, Chinese, Arabic).
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

export interface Catalog {
  /** The Support button. */
  support: string
  /** Visible sentence with a goal: "1,360 $ raised of 5,000 $". */
  raisedOf: string
  /** Visible sentence without a goal: "1,360 $ raised". */
  raised: string
  /** aria-valuetext and the image's description, with a goal. */
  valuetext: string
  /** The same without a goal. */
  valuetextNoGoal: string
  ended: string
  notFound: string
  loading: string
  lastDay: string
  daysLeft: Plural
  donors: Plural
  /** A donor-count goal: "42 of 100 supporters" (plural chosen by the goal). */
  supportersOf: Plural
  /** Recurring supporters this month (drawn only where recurring figures exist). */
  monthly: Plural
  /** Marks a goal that was passed and a stretch goal took over. */
  reached: string
  /** The latest donors who agreed to show a name: "Thanks to Ada, Bo and Cy" (a list by Intl). */
  thanksTo: string
}

export const CATALOGS = {
  en: {
    support: 'Support',
    raisedOf: '{raised} raised of {goal}',
    raised: '{raised} raised',
    valuetext: '{raised} of {goal} raised in {month}',
    valuetextNoGoal: '{raised} raised in {month}',
    ended: 'this campaign has ended',
    notFound: 'No campaign "{slug}"',
    loading: 'Loading…',
    lastDay: 'last day',
    daysLeft: { one: '{n} day left', other: '{n} days left' },
    donors: { one: '{n} donor', other: '{n} donors' },
    supportersOf: { one: '{n} of {goal} supporter', other: '{n} of {goal} supporters' },
    monthly: { one: '{n} monthly supporter', other: '{n} monthly supporters' },
    reached: 'reached',
    thanksTo: 'Thanks to {names}',
  },
  de: {
    support: 'Unterstützen',
    raisedOf: '{raised} von {goal} gesammelt',
    raised: '{raised} gesammelt',
    valuetext: '{raised} von {goal} gesammelt im {month}',
    valuetextNoGoal: '{raised} gesammelt im {month}',
    ended: 'diese Kampagne ist beendet',
    notFound: 'Keine Kampagne „{slug}“',
    loading: 'Wird geladen…',
    lastDay: 'letzter Tag',
    daysLeft: { one: 'noch {n} Tag', other: 'noch {n} Tage' },
    donors: { one: '{n} Spender', other: '{n} Spender' },
    supportersOf: { other: '{n} von {goal} Unterstützenden' },
    monthly: { other: '{n} monatlich Unterstützende' },
    reached: 'erreicht',
    thanksTo: 'Danke an {names}',
  },
  fr: {
    support: 'Soutenir',
    raisedOf: '{raised} collectés sur {goal}',
    raised: '{raised} collectés',
    valuetext: '{raised} sur {goal} collectés en {month}',
    valuetextNoGoal: '{raised} collectés en {month}',
    ended: 'cette campagne est terminée',
    notFound: 'Aucune campagne « {slug} »',
    loading: 'Chargement…',
    lastDay: 'dernier jour',
    daysLeft: { one: '{n} jour restant', other: '{n} jours restants' },
    donors: { one: '{n} donateur', other: '{n} donateurs' },
    supportersOf: { one: '{n} soutien sur {goal}', other: '{n} soutiens sur {goal}' },
    monthly: { one: '{n} donateur mensuel', other: '{n} donateurs mensuels' },
    reached: 'atteint',
    thanksTo: 'Merci à {names}',
  },
  es: {
    support: 'Apoyar',
    raisedOf: '{raised} recaudados de {goal}',
    raised: '{raised} recaudados',
    valuetext: '{raised} de {goal} recaudados en {month}',
    valuetextNoGoal: '{raised} recaudados en {month}',
    ended: 'esta campaña ha terminado',
    notFound: 'No existe la campaña «{slug}»',
    loading: 'Cargando…',
    lastDay: 'último día',
    daysLeft: { one: 'queda {n} día', other: 'quedan {n} días' },
    donors: { one: '{n} donante', other: '{n} donantes' },
    supportersOf: { other: '{n} de {goal} simpatizantes' },
    monthly: { one: '{n} donante mensual', other: '{n} donantes mensuales' },
    reached: 'alcanzado',
    thanksTo: 'Gracias a {names}',
  },
  it: {
    support: 'Sostienici',
    raisedOf: '{raised} raccolti su {goal}',
    raised: '{raised} raccolti',
    valuetext: '{raised} su {goal} raccolti a {month}',
    valuetextNoGoal: '{raised} raccolti a {month}',
    ended: 'questa campagna è terminata',
    notFound: 'Nessuna campagna «{slug}»',
    loading: 'Caricamento…',
    lastDay: 'ultimo giorno',
    daysLeft: { one: 'manca {n} giorno', other: 'mancano {n} giorni' },
    donors: { one: '{n} donatore', other: '{n} donatori' },
    supportersOf: { other: '{n} sostenitori su {goal}' },
    monthly: { one: '{n} sostenitore mensile', other: '{n} sostenitori mensili' },
    reached: 'raggiunto',
    thanksTo: 'Grazie a {names}',
  },
  pt: {
    support: 'Apoiar',
    raisedOf: '{raised} arrecadados de {goal}',
    raised: '{raised} arrecadados',
    valuetext: '{raised} de {goal} arrecadados em {month}',
    valuetextNoGoal: '{raised} arrecadados em {month}',
    ended: 'esta campanha terminou',
    notFound: 'Nenhuma campanha "{slug}"',
    loading: 'Carregando…',
    lastDay: 'último dia',
    daysLeft: { one: 'falta {n} dia', other: 'faltam {n} dias' },
    donors: { one: '{n} doador', other: '{n} doadores' },
    supportersOf: { other: '{n} de {goal} apoiadores' },
    monthly: { one: '{n} apoiador mensal', other: '{n} apoiadores mensais' },
    reached: 'alcançada',
    thanksTo: 'Obrigado a {names}',
  },
  nl: {
    support: 'Steun ons',
    raisedOf: '{raised} opgehaald van {goal}',
    raised: '{raised} opgehaald',
    valuetext: '{raised} van {goal} opgehaald in {month}',
    valuetextNoGoal: '{raised} opgehaald in {month}',
    ended: 'deze campagne is afgelopen',
    notFound: 'Geen campagne "{slug}"',
    loading: 'Laden…',
    lastDay: 'laatste dag',
    daysLeft: { one: 'nog {n} dag', other: 'nog {n} dagen' },
    donors: { one: '{n} donateur', other: '{n} donateurs' },
    supportersOf: { other: '{n} van {goal} supporters' },
    monthly: { one: '{n} maandelijkse donateur', other: '{n} maandelijkse donateurs' },
    reached: 'bereikt',
    thanksTo: 'Dank aan {names}',
  },
  pl: {
    support: 'Wesprzyj',
    raisedOf: 'Zebrano {raised} z {goal}',
    raised: 'Zebrano {raised}',
    valuetext: '{month}: zebrano {raised} z {goal}',
    valuetextNoGoal: '{month}: zebrano {raised}',
    ended: 'ta zbiórka została zakończona',
    notFound: 'Brak zbiórki „{slug}”',
    loading: 'Ładowanie…',
    lastDay: 'ostatni dzień',
    daysLeft: {
      one: 'został {n} dzień',
      few: 'zostały {n} dni',
      many: 'zostało {n} dni',
      other: 'zostało {n} dnia',
    },
    donors: {
      one: '{n} darczyńca',
      few: '{n} darczyńców',
      many: '{n} darczyńców',
      other: '{n} darczyńcy',
    },
    supportersOf: { other: '{n} z {goal} wspierających' },
    monthly: {
      one: '{n} osoba wspiera co miesiąc',
      few: '{n} osoby wspierają co miesiąc',
      many: '{n} osób wspiera co miesiąc',
      other: '{n} osoby wspiera co miesiąc',
    },
    reached: 'osiągnięto',
    thanksTo: 'Dziękujemy: {names}',
  },
  sv: {
    support: 'Stöd oss',
    raisedOf: '{raised} insamlat av {goal}',
    raised: '{raised} insamlat',
    valuetext: '{raised} av {goal} insamlat i {month}',
    valuetextNoGoal: '{raised} insamlat i {month}',
    ended: 'den här insamlingen har avslutats',
    notFound: 'Ingen insamling ”{slug}”',
    loading: 'Laddar…',
    lastDay: 'sista dagen',
    daysLeft: { one: '{n} dag kvar', other: '{n} dagar kvar' },
    donors: { one: '{n} givare', other: '{n} givare' },
    supportersOf: { other: '{n} av {goal} supportrar' },
    monthly: { other: '{n} månadsgivare' },
    reached: 'uppnått',
    thanksTo: 'Tack till {names}',
  },
  ja: {
    support: '支援する',
    raisedOf: '目標{goal}のうち{raised}',
    raised: '{raised}が集まりました',
    valuetext: '{month}：目標{goal}のうち{raised}',
    valuetextNoGoal: '{month}：{raised}',
    ended: 'このキャンペーンは終了しました',
    notFound: 'キャンペーン「{slug}」はありません',
    loading: '読み込み中…',
    lastDay: '最終日',
    daysLeft: { other: '残り{n}日' },
    donors: { other: '寄付者{n}人' },
    supportersOf: { other: '支援者{n}人／目標{goal}人' },
    monthly: { other: '毎月の支援者{n}人' },
    reached: '達成',
    thanksTo: 'ご支援ありがとうございます：{names}',
  },
  zh: {
    support: '支持我们',
    raisedOf: '已筹 {raised}，目标 {goal}',
    raised: '已筹 {raised}',
    valuetext: '{month}：已筹 {raised}，目标 {goal}',
    valuetextNoGoal: '{month}：已筹 {raised}',
    ended: '此活动已结束',
    notFound: '没有活动“{slug}”',
    loading: '加载中…',
    lastDay: '最后一天',
    daysLeft: { other: '还剩 {n} 天' },
    donors: { other: '{n} 位捐助者' },
    supportersOf: { other: '{n} / {goal} 位支持者' },
    monthly: { other: '{n} 位每月支持者' },
    reached: '已达成',
    thanksTo: '感谢{names}',
  },
  ar: {
    support: 'ادعمنا',
    raisedOf: 'تم جمع {raised} من {goal}',
    raised: 'تم جمع {raised}',
    valuetext: '{month}: تم جمع {raised} من {goal}',
    valuetextNoGoal: '{month}: تم جمع {raised}',
    ended: 'انتهت هذه الحملة',
    notFound: 'لا توجد حملة "{slug}"',
    loading: 'جارٍ التحميل…',
    lastDay: 'اليوم الأخير',
    daysLeft: {
      zero: 'لم يتبق أي يوم',
      one: 'يتبقى يوم واحد',
      two: 'يتبقى يومان',
      few: 'يتبقى {n} أيام',
      many: 'يتبقى {n} يومًا',
      other: 'يتبقى {n} يوم',
    },
    donors: {
      zero: 'لا متبرعين',
      one: 'متبرع واحد',
      two: 'متبرعان',
      few: '{n} متبرعين',
      many: '{n} متبرعًا',
      other: '{n} متبرع',
    },
    supportersOf: { other: '{n} من {goal} داعم' },
    monthly: {
      zero: 'لا داعمين شهريين',
      one: 'داعم شهري واحد',
      two: 'داعمان شهريان',
      few: '{n} داعمين شهريين',
      many: '{n} داعمًا شهريًا',
      other: '{n} داعم شهري',
    },
    reached: 'تم بلوغه',
    thanksTo: 'شكرًا لـ {names}',
  },
} as const satisfies Record<string, Catalog>

export type Language = keyof typeof CATALOGS
