import type { Language } from './catalogs.js'
import { catalogLanguage, format } from './index.js'

/** The words of the page an e-mailed manage link opens: the donor's gifts and their changes. */
export interface GiftsCatalog {
  /** Above the list of gifts. */
  giftsIntro: string
  /** The link finds no active monthly or yearly gift. */
  noGifts: string
  /** The legend of a gift's amounts. */
  newAmount: string
  change: string
  /** Under the button: when a new amount is charged. */
  changeNote: string
  /** After a change: {amount} a month or a year from the next payment. */
  changedMonth: string
  changedYear: string
  /** The link to Stripe's page for the card, or stopping the gift. */
  cardOrStop: string
  cardOrStopNote: string
  /** A gift this link does not manage (another customer's, ended, or made up). */
  notYours: string
  /** Stripe refused or could not be reached. */
  changeFailed: string
}

export const GIFTS_CATALOGS: Record<Language, GiftsCatalog> = {
  en: {
    giftsIntro: 'Your monthly and yearly gifts to {name}:',
    noGifts: 'This link finds no active monthly or yearly gift to {name}.',
    newAmount: 'New amount',
    change: 'Change the amount',
    changeNote: 'The new amount is charged from the next payment on; nothing is charged now.',
    changedMonth: 'Done: from the next payment on, you give {amount} a month.',
    changedYear: 'Done: from the next payment on, you give {amount} a year.',
    cardOrStop: 'Change the card or stop a gift',
    cardOrStopNote: 'This opens Stripe’s secure page.',
    notYours: 'This gift cannot be changed with this link, so nothing was done.',
    changeFailed: 'The amount could not be changed just now. Please try again in a few minutes.',
  },
  de: {
    giftsIntro: 'Ihre monatlichen und jährlichen Spenden an {name}:',
    noGifts: 'Zu diesem Link gibt es keine laufende monatliche oder jährliche Spende an {name}.',
    newAmount: 'Neuer Betrag',
    change: 'Betrag ändern',
    changeNote: 'Der neue Betrag gilt ab der nächsten Zahlung; jetzt wird nichts abgebucht.',
    changedMonth: 'Erledigt: Ab der nächsten Zahlung spenden Sie {amount} im Monat.',
    changedYear: 'Erledigt: Ab der nächsten Zahlung spenden Sie {amount} im Jahr.',
    cardOrStop: 'Karte ändern oder eine Spende beenden',
    cardOrStopNote: 'Dies öffnet die sichere Seite von Stripe.',
    notYours: 'Diese Spende lässt sich mit diesem Link nicht ändern; es ist nichts geschehen.',
    changeFailed:
      'Der Betrag ließ sich gerade nicht ändern. Bitte versuchen Sie es in ein paar Minuten erneut.',
  },
  fr: {
    giftsIntro: 'Vos dons mensuels et annuels à {name} :',
    noGifts: 'Ce lien ne trouve aucun don mensuel ou annuel en cours à {name}.',
    newAmount: 'Nouveau montant',
    change: 'Modifier le montant',
    changeNote:
      'Le nouveau montant s’applique dès le prochain paiement ; rien n’est débité maintenant.',
    changedMonth: 'C’est fait : dès le prochain paiement, vous donnez {amount} par mois.',
    changedYear: 'C’est fait : dès le prochain paiement, vous donnez {amount} par an.',
    cardOrStop: 'Changer de carte ou arrêter un don',
    cardOrStopNote: 'Cela ouvre la page sécurisée de Stripe.',
    notYours: 'Ce don ne peut pas être modifié avec ce lien ; rien n’a été fait.',
    changeFailed: 'Le montant n’a pas pu être modifié. Réessayez dans quelques minutes.',
  },
  es: {
    giftsIntro: 'Tus donaciones mensuales y anuales a {name}:',
    noGifts: 'Este enlace no encuentra ninguna donación mensual o anual activa a {name}.',
    newAmount: 'Nuevo importe',
    change: 'Cambiar el importe',
    changeNote: 'El nuevo importe se cobra a partir del próximo pago; ahora no se cobra nada.',
    changedMonth: 'Hecho: a partir del próximo pago donas {amount} al mes.',
    changedYear: 'Hecho: a partir del próximo pago donas {amount} al año.',
    cardOrStop: 'Cambiar la tarjeta o detener una donación',
    cardOrStopNote: 'Se abre la página segura de Stripe.',
    notYours: 'Esta donación no se puede cambiar con este enlace; no se ha hecho nada.',
    changeFailed: 'Ahora mismo no se pudo cambiar el importe. Inténtalo de nuevo en unos minutos.',
  },
  it: {
    giftsIntro: 'Le tue donazioni mensili e annuali a {name}:',
    noGifts: 'Questo link non trova alcuna donazione mensile o annuale attiva a {name}.',
    newAmount: 'Nuovo importo',
    change: 'Cambia l’importo',
    changeNote: 'Il nuovo importo vale dal prossimo pagamento; ora non viene addebitato nulla.',
    changedMonth: 'Fatto: dal prossimo pagamento doni {amount} al mese.',
    changedYear: 'Fatto: dal prossimo pagamento doni {amount} all’anno.',
    cardOrStop: 'Cambia la carta o interrompi una donazione',
    cardOrStopNote: 'Si apre la pagina sicura di Stripe.',
    notYours: 'Questa donazione non si può cambiare con questo link; non è stato fatto nulla.',
    changeFailed: 'Non è stato possibile cambiare l’importo. Riprova tra qualche minuto.',
  },
  pt: {
    giftsIntro: 'As suas doações mensais e anuais para {name}:',
    noGifts: 'Este link não encontra nenhuma doação mensal ou anual ativa para {name}.',
    newAmount: 'Novo valor',
    change: 'Alterar o valor',
    changeNote: 'O novo valor é cobrado a partir do próximo pagamento; nada é cobrado agora.',
    changedMonth: 'Feito: a partir do próximo pagamento, doa {amount} por mês.',
    changedYear: 'Feito: a partir do próximo pagamento, doa {amount} por ano.',
    cardOrStop: 'Mudar o cartão ou parar uma doação',
    cardOrStopNote: 'Abre a página segura da Stripe.',
    notYours: 'Esta doação não pode ser alterada com este link; nada foi feito.',
    changeFailed: 'Não foi possível alterar o valor agora. Tente novamente dentro de minutos.',
  },
  nl: {
    giftsIntro: 'Uw maandelijkse en jaarlijkse giften aan {name}:',
    noGifts: 'Deze link vindt geen lopende maandelijkse of jaarlijkse gift aan {name}.',
    newAmount: 'Nieuw bedrag',
    change: 'Bedrag wijzigen',
    changeNote: 'Het nieuwe bedrag geldt vanaf de volgende betaling; nu wordt niets afgeschreven.',
    changedMonth: 'Gedaan: vanaf de volgende betaling geeft u {amount} per maand.',
    changedYear: 'Gedaan: vanaf de volgende betaling geeft u {amount} per jaar.',
    cardOrStop: 'Kaart wijzigen of een gift stoppen',
    cardOrStopNote: 'Dit opent de beveiligde pagina van Stripe.',
    notYours: 'Deze gift kan met deze link niet worden gewijzigd; er is niets gedaan.',
    changeFailed:
      'Het bedrag kon nu niet worden gewijzigd. Probeer het over een paar minuten opnieuw.',
  },
  pl: {
    giftsIntro: 'Twoje comiesięczne i coroczne wpłaty na rzecz {name}:',
    noGifts:
      'Ten link nie znajduje żadnej aktywnej comiesięcznej ani corocznej wpłaty na rzecz {name}.',
    newAmount: 'Nowa kwota',
    change: 'Zmień kwotę',
    changeNote: 'Nowa kwota obowiązuje od następnej płatności; teraz nic nie jest pobierane.',
    changedMonth: 'Gotowe: od następnej płatności wpłacasz {amount} miesięcznie.',
    changedYear: 'Gotowe: od następnej płatności wpłacasz {amount} rocznie.',
    cardOrStop: 'Zmień kartę lub zakończ wpłatę',
    cardOrStopNote: 'Otworzy się bezpieczna strona Stripe.',
    notYours: 'Tej wpłaty nie można zmienić tym linkiem; nic nie zostało zrobione.',
    changeFailed: 'Nie udało się teraz zmienić kwoty. Spróbuj ponownie za kilka minut.',
  },
  sv: {
    giftsIntro: 'Dina månatliga och årliga gåvor till {name}:',
    noGifts: 'Den här länken hittar ingen pågående månatlig eller årlig gåva till {name}.',
    newAmount: 'Nytt belopp',
    change: 'Ändra beloppet',
    changeNote: 'Det nya beloppet gäller från nästa betalning; inget dras nu.',
    changedMonth: 'Klart: från nästa betalning ger du {amount} i månaden.',
    changedYear: 'Klart: från nästa betalning ger du {amount} om året.',
    cardOrStop: 'Byt kort eller avsluta en gåva',
    cardOrStopNote: 'Det öppnar Stripes säkra sida.',
    notYours: 'Den här gåvan kan inte ändras med den här länken; inget har gjorts.',
    changeFailed: 'Beloppet kunde inte ändras just nu. Försök igen om några minuter.',
  },
  ja: {
    giftsIntro: '{name}への毎月・毎年のご寄付:',
    noGifts: 'このリンクでは{name}への継続中の毎月・毎年のご寄付が見つかりません。',
    newAmount: '新しい金額',
    change: '金額を変更',
    changeNote: '新しい金額は次回のお支払いから適用されます。今は何も請求されません。',
    changedMonth: '完了しました。次回のお支払いから毎月{amount}のご寄付になります。',
    changedYear: '完了しました。次回のお支払いから毎年{amount}のご寄付になります。',
    cardOrStop: 'カードの変更・寄付の停止',
    cardOrStopNote: 'Stripe の安全なページが開きます。',
    notYours: 'このリンクではこの寄付を変更できないため、何も行われませんでした。',
    changeFailed: '現在、金額を変更できませんでした。数分後にもう一度お試しください。',
  },
  zh: {
    giftsIntro: '您对{name}的每月和每年捐赠：',
    noGifts: '此链接未找到对{name}的有效每月或每年捐赠。',
    newAmount: '新金额',
    change: '更改金额',
    changeNote: '新金额从下一次付款起生效；现在不会扣款。',
    changedMonth: '已完成：从下一次付款起，您每月捐赠{amount}。',
    changedYear: '已完成：从下一次付款起，您每年捐赠{amount}。',
    cardOrStop: '更换银行卡或停止捐赠',
    cardOrStopNote: '将打开 Stripe 的安全页面。',
    notYours: '无法用此链接更改这笔捐赠，因此未作任何处理。',
    changeFailed: '暂时无法更改金额，请几分钟后再试。',
  },
  ar: {
    giftsIntro: 'تبرعاتك الشهرية والسنوية لـ {name}:',
    noGifts: 'لا يجد هذا الرابط أي تبرع شهري أو سنوي قائم لـ {name}.',
    newAmount: 'المبلغ الجديد',
    change: 'غيّر المبلغ',
    changeNote: 'يُطبَّق المبلغ الجديد من الدفعة التالية، ولا يُخصم شيء الآن.',
    changedMonth: 'تم: من الدفعة التالية تتبرع بمبلغ {amount} شهريًا.',
    changedYear: 'تم: من الدفعة التالية تتبرع بمبلغ {amount} سنويًا.',
    cardOrStop: 'غيّر البطاقة أو أوقف تبرعًا',
    cardOrStopNote: 'يفتح هذا صفحة Stripe الآمنة.',
    notYours: 'لا يمكن تغيير هذا التبرع بهذا الرابط، فلم يُنفَّذ شيء.',
    changeFailed: 'تعذّر تغيير المبلغ الآن. حاول مجددًا بعد دقائق.',
  },
}

export type GiftsKey = keyof GiftsCatalog

/** The gifts page's words for a display locale (English without a catalog). */
export function giftsText(locale: string, key: GiftsKey, vars?: Record<string, string>): string {
  return format(GIFTS_CATALOGS[catalogLanguage(locale)][key], vars)
}
