import type { Language } from './catalogs.js'
import { catalogLanguage, format } from './index.js'

/** The words of the thank-you page's gift and of the manage pages (`{…}` filled by `format`). */
export interface AfterGiftCatalog {
  gaveOnce: string
  gaveMonth: string
  gaveYear: string
  /** Part of the amount covers the processor's fee. */
  feeCovered: string
  /** A delayed method (SEPA Debit, ACH): completed, not yet paid. */
  pending: string
  /** The thank-you page's link to the manage page (monthly and yearly gifts). */
  manageLink: string
  /** No session of this campaign with that id (or none given). */
  notFound: string
  /** The session is this campaign's but was not completed. */
  unpaid: string
  /** Stripe could not be asked just now. */
  lookupFailed: string
  manageTitle: string
  manageIntro: string
  email: string
  send: string
  /** The one answer to the form, whatever the address. */
  sent: string
  sentHint: string
  invalidEmail: string
  expired: string
  forged: string
  unavailable: string
  portalFailed: string
  /** A form posted from another site, or without its token. */
  refused: string
  tooMany: string
}

export const AFTER_GIFT_CATALOGS: Record<Language, AfterGiftCatalog> = {
  en: {
    gaveOnce: 'You gave {amount} to {name}.',
    gaveMonth: 'You give {amount} a month to {name}.',
    gaveYear: 'You give {amount} a year to {name}.',
    feeCovered: 'It includes {cover} to cover the payment fee.',
    pending: 'Your bank confirms the payment within a few days; it appears on the bar then.',
    manageLink: 'Change or stop this gift',
    notFound:
      'We could not find this gift. If you paid, it appears on the bar as soon as Stripe confirms it.',
    unpaid: 'This payment was not completed, and nothing was charged.',
    lookupFailed: 'We could not look up your gift just now. If you paid, it counts all the same.',
    manageTitle: 'Manage your gift to {name}',
    manageIntro:
      'Enter the e-mail address you gave with. If it gives monthly or yearly to {name}, we send it a link to a page where you can change the amount or the card, or stop the gift.',
    email: 'E-mail address',
    send: 'Send me the link',
    sent: 'If this address gives monthly or yearly to {name}, a link to manage the gift is on its way. It works for one hour.',
    sentHint: 'Nothing after a few minutes? Look in the spam folder, or ask again.',
    invalidEmail: 'Enter an e-mail address, such as name@example.org.',
    expired: 'This link has expired: each link works for one hour. Ask for a new one here.',
    forged: 'This link is not valid. Ask for a new one here.',
    unavailable: 'Managing a gift online is not set up on this site.',
    portalFailed:
      'The page to manage your gift could not be opened just now. Please try again in a few minutes.',
    refused:
      'This form had expired or came from another site, so nothing was done. Please send it again.',
    tooMany: 'Too many requests from your connection. Please try again later.',
  },
  de: {
    gaveOnce: 'Sie haben {name} {amount} gespendet.',
    gaveMonth: 'Sie spenden {name} {amount} im Monat.',
    gaveYear: 'Sie spenden {name} {amount} im Jahr.',
    feeCovered: 'Darin sind {cover} für die Zahlungsgebühr enthalten.',
    pending: 'Ihre Bank bestätigt die Zahlung in den nächsten Tagen; dann erscheint sie im Balken.',
    manageLink: 'Diese Spende ändern oder beenden',
    notFound:
      'Wir konnten diese Spende nicht finden. Wenn Sie bezahlt haben, erscheint sie im Balken, sobald Stripe sie bestätigt.',
    unpaid: 'Diese Zahlung wurde nicht abgeschlossen; es wurde nichts abgebucht.',
    lookupFailed:
      'Wir konnten Ihre Spende gerade nicht abrufen. Wenn Sie bezahlt haben, zählt sie trotzdem.',
    manageTitle: 'Ihre Spende an {name} verwalten',
    manageIntro:
      'Geben Sie die E-Mail-Adresse ein, mit der Sie gespendet haben. Spendet sie monatlich oder jährlich an {name}, senden wir ihr einen Link zu einer Seite, auf der Sie Betrag oder Karte ändern oder die Spende beenden können.',
    email: 'E-Mail-Adresse',
    send: 'Link senden',
    sent: 'Wenn diese Adresse monatlich oder jährlich an {name} spendet, ist ein Link zur Verwaltung unterwegs. Er gilt eine Stunde.',
    sentHint:
      'Nach ein paar Minuten nichts angekommen? Sehen Sie im Spam-Ordner nach oder fragen Sie erneut.',
    invalidEmail: 'Geben Sie eine E-Mail-Adresse ein, etwa name@example.org.',
    expired:
      'Dieser Link ist abgelaufen: Jeder Link gilt eine Stunde. Fordern Sie hier einen neuen an.',
    forged: 'Dieser Link ist ungültig. Fordern Sie hier einen neuen an.',
    unavailable: 'Die Verwaltung von Spenden ist auf dieser Website nicht eingerichtet.',
    portalFailed:
      'Die Seite zur Verwaltung Ihrer Spende ließ sich gerade nicht öffnen. Bitte versuchen Sie es in ein paar Minuten erneut.',
    refused:
      'Dieses Formular war abgelaufen oder kam von einer anderen Website; es ist nichts geschehen. Bitte senden Sie es erneut.',
    tooMany: 'Zu viele Anfragen von Ihrer Verbindung. Bitte versuchen Sie es später erneut.',
  },
  fr: {
    gaveOnce: 'Vous avez donné {amount} à {name}.',
    gaveMonth: 'Vous donnez {amount} par mois à {name}.',
    gaveYear: 'Vous donnez {amount} par an à {name}.',
    feeCovered: 'Dont {cover} pour couvrir les frais de paiement.',
    pending:
      'Votre banque confirme le paiement d’ici quelques jours ; il apparaîtra alors sur la barre.',
    manageLink: 'Modifier ou arrêter ce don',
    notFound:
      'Nous n’avons pas trouvé ce don. Si vous avez payé, il apparaît sur la barre dès que Stripe le confirme.',
    unpaid: 'Ce paiement n’a pas été finalisé ; rien n’a été débité.',
    lookupFailed:
      'Nous ne pouvons pas consulter votre don pour l’instant. Si vous avez payé, il compte quand même.',
    manageTitle: 'Gérer votre don à {name}',
    manageIntro:
      'Saisissez l’adresse e-mail utilisée pour votre don. Si elle donne chaque mois ou chaque année à {name}, nous lui envoyons un lien vers une page où modifier le montant ou la carte, ou arrêter le don.',
    email: 'Adresse e-mail',
    send: 'Envoyer le lien',
    sent: 'Si cette adresse donne chaque mois ou chaque année à {name}, un lien pour gérer le don est en route. Il est valable une heure.',
    sentHint: 'Rien après quelques minutes ? Regardez dans les spams, ou redemandez.',
    invalidEmail: 'Saisissez une adresse e-mail, par exemple nom@example.org.',
    expired: 'Ce lien a expiré : chaque lien est valable une heure. Demandez-en un nouveau ici.',
    forged: 'Ce lien n’est pas valide. Demandez-en un nouveau ici.',
    unavailable: 'La gestion des dons en ligne n’est pas configurée sur ce site.',
    portalFailed:
      'La page de gestion de votre don n’a pas pu s’ouvrir. Réessayez dans quelques minutes.',
    refused:
      'Ce formulaire avait expiré ou venait d’un autre site ; rien n’a été fait. Veuillez le renvoyer.',
    tooMany: 'Trop de demandes depuis votre connexion. Réessayez plus tard.',
  },
  es: {
    gaveOnce: 'Has donado {amount} a {name}.',
    gaveMonth: 'Donas {amount} al mes a {name}.',
    gaveYear: 'Donas {amount} al año a {name}.',
    feeCovered: 'Incluye {cover} para cubrir la comisión de pago.',
    pending: 'Tu banco confirma el pago en unos días; entonces aparecerá en la barra.',
    manageLink: 'Cambiar o detener esta donación',
    notFound:
      'No encontramos esta donación. Si pagaste, aparecerá en la barra en cuanto Stripe la confirme.',
    unpaid: 'Este pago no se completó y no se cobró nada.',
    lookupFailed: 'Ahora mismo no podemos consultar tu donación. Si pagaste, cuenta igualmente.',
    manageTitle: 'Gestiona tu donación a {name}',
    manageIntro:
      'Escribe el correo electrónico con el que donaste. Si dona cada mes o cada año a {name}, le enviamos un enlace a una página donde cambiar el importe o la tarjeta, o detener la donación.',
    email: 'Correo electrónico',
    send: 'Enviarme el enlace',
    sent: 'Si esta dirección dona cada mes o cada año a {name}, un enlace para gestionar la donación va en camino. Sirve durante una hora.',
    sentHint: '¿Nada tras unos minutos? Mira en la carpeta de spam o vuelve a pedirlo.',
    invalidEmail: 'Escribe un correo electrónico, como nombre@example.org.',
    expired: 'Este enlace ha caducado: cada enlace sirve una hora. Pide uno nuevo aquí.',
    forged: 'Este enlace no es válido. Pide uno nuevo aquí.',
    unavailable: 'La gestión de donaciones en línea no está configurada en este sitio.',
    portalFailed:
      'No se pudo abrir la página para gestionar tu donación. Inténtalo de nuevo en unos minutos.',
    refused:
      'Este formulario había caducado o venía de otro sitio, así que no se hizo nada. Envíalo de nuevo.',
    tooMany: 'Demasiadas solicitudes desde tu conexión. Inténtalo más tarde.',
  },
  it: {
    gaveOnce: 'Hai donato {amount} a {name}.',
    gaveMonth: 'Doni {amount} al mese a {name}.',
    gaveYear: 'Doni {amount} all’anno a {name}.',
    feeCovered: 'Comprende {cover} per coprire la commissione di pagamento.',
    pending: 'La tua banca conferma il pagamento entro pochi giorni; allora comparirà sulla barra.',
    manageLink: 'Modifica o interrompi questa donazione',
    notFound:
      'Non troviamo questa donazione. Se hai pagato, comparirà sulla barra appena Stripe la conferma.',
    unpaid: 'Questo pagamento non è stato completato e non è stato addebitato nulla.',
    lookupFailed:
      'Al momento non possiamo consultare la tua donazione. Se hai pagato, conta comunque.',
    manageTitle: 'Gestisci la tua donazione a {name}',
    manageIntro:
      'Inserisci l’indirizzo e-mail con cui hai donato. Se dona ogni mese o ogni anno a {name}, gli inviamo un link a una pagina dove cambiare l’importo o la carta, o interrompere la donazione.',
    email: 'Indirizzo e-mail',
    send: 'Inviami il link',
    sent: 'Se questo indirizzo dona ogni mese o ogni anno a {name}, un link per gestire la donazione è in arrivo. Vale un’ora.',
    sentHint: 'Niente dopo qualche minuto? Guarda nella cartella spam, o chiedilo di nuovo.',
    invalidEmail: 'Inserisci un indirizzo e-mail, come nome@example.org.',
    expired: 'Questo link è scaduto: ogni link vale un’ora. Chiedine uno nuovo qui.',
    forged: 'Questo link non è valido. Chiedine uno nuovo qui.',
    unavailable: 'La gestione delle donazioni online non è attiva su questo sito.',
    portalFailed:
      'Non è stato possibile aprire la pagina per gestire la donazione. Riprova tra qualche minuto.',
    refused:
      'Questo modulo era scaduto o veniva da un altro sito, quindi non è stato fatto nulla. Invialo di nuovo.',
    tooMany: 'Troppe richieste dalla tua connessione. Riprova più tardi.',
  },
  pt: {
    gaveOnce: 'Você doou {amount} a {name}.',
    gaveMonth: 'Você doa {amount} por mês a {name}.',
    gaveYear: 'Você doa {amount} por ano a {name}.',
    feeCovered: 'Inclui {cover} para cobrir a taxa de pagamento.',
    pending: 'O seu banco confirma o pagamento em alguns dias; ele aparece na barra nessa altura.',
    manageLink: 'Alterar ou parar esta doação',
    notFound:
      'Não encontramos esta doação. Se você pagou, ela aparece na barra assim que o Stripe a confirmar.',
    unpaid: 'Este pagamento não foi concluído e nada foi cobrado.',
    lookupFailed:
      'Não foi possível consultar a sua doação agora. Se você pagou, ela conta da mesma forma.',
    manageTitle: 'Gerir a sua doação a {name}',
    manageIntro:
      'Indique o e-mail com que doou. Se ele doa mensal ou anualmente a {name}, enviamos-lhe um link para uma página onde pode alterar o valor ou o cartão, ou parar a doação.',
    email: 'Endereço de e-mail',
    send: 'Enviar o link',
    sent: 'Se este endereço doa mensal ou anualmente a {name}, um link para gerir a doação está a caminho. Vale por uma hora.',
    sentHint: 'Nada depois de alguns minutos? Veja a pasta de spam ou peça de novo.',
    invalidEmail: 'Indique um endereço de e-mail, como nome@example.org.',
    expired: 'Este link expirou: cada link vale por uma hora. Peça um novo aqui.',
    forged: 'Este link não é válido. Peça um novo aqui.',
    unavailable: 'A gestão de doações online não está configurada neste site.',
    portalFailed:
      'Não foi possível abrir a página para gerir a sua doação. Tente de novo dentro de alguns minutos.',
    refused:
      'Este formulário tinha expirado ou veio de outro site, por isso nada foi feito. Envie-o de novo.',
    tooMany: 'Demasiados pedidos a partir da sua ligação. Tente mais tarde.',
  },
  nl: {
    gaveOnce: 'U gaf {amount} aan {name}.',
    gaveMonth: 'U geeft {amount} per maand aan {name}.',
    gaveYear: 'U geeft {amount} per jaar aan {name}.',
    feeCovered: 'Daarvan dekt {cover} de betaalkosten.',
    pending: 'Uw bank bevestigt de betaling binnen enkele dagen; dan verschijnt die in de balk.',
    manageLink: 'Deze gift wijzigen of stoppen',
    notFound:
      'We konden deze gift niet vinden. Als u hebt betaald, verschijnt die in de balk zodra Stripe het bevestigt.',
    unpaid: 'Deze betaling is niet afgerond; er is niets afgeschreven.',
    lookupFailed: 'We kunnen uw gift nu niet opvragen. Als u hebt betaald, telt die toch mee.',
    manageTitle: 'Uw gift aan {name} beheren',
    manageIntro:
      'Vul het e-mailadres in waarmee u gaf. Geeft het maandelijks of jaarlijks aan {name}, dan sturen we er een link naartoe naar een pagina waar u het bedrag of de kaart wijzigt, of de gift stopt.',
    email: 'E-mailadres',
    send: 'Stuur mij de link',
    sent: 'Als dit adres maandelijks of jaarlijks aan {name} geeft, is een link om de gift te beheren onderweg. Die werkt een uur.',
    sentHint: 'Na een paar minuten niets? Kijk in de spammap, of vraag opnieuw.',
    invalidEmail: 'Vul een e-mailadres in, zoals naam@example.org.',
    expired: 'Deze link is verlopen: elke link werkt een uur. Vraag hier een nieuwe aan.',
    forged: 'Deze link is niet geldig. Vraag hier een nieuwe aan.',
    unavailable: 'Giften online beheren is op deze site niet ingesteld.',
    portalFailed:
      'De pagina om uw gift te beheren kon nu niet worden geopend. Probeer het over een paar minuten opnieuw.',
    refused:
      'Dit formulier was verlopen of kwam van een andere site; er is niets gedaan. Stuur het opnieuw.',
    tooMany: 'Te veel verzoeken vanaf uw verbinding. Probeer het later opnieuw.',
  },
  pl: {
    gaveOnce: 'Przekazałeś(-aś) {amount} na rzecz {name}.',
    gaveMonth: 'Przekazujesz {amount} miesięcznie na rzecz {name}.',
    gaveYear: 'Przekazujesz {amount} rocznie na rzecz {name}.',
    feeCovered: 'W tym {cover} na pokrycie opłaty za płatność.',
    pending: 'Bank potwierdzi płatność w ciągu kilku dni; wtedy pojawi się na pasku.',
    manageLink: 'Zmień lub zatrzymaj tę wpłatę',
    notFound:
      'Nie znaleźliśmy tej wpłaty. Jeśli zapłaciłeś(-aś), pojawi się na pasku, gdy Stripe ją potwierdzi.',
    unpaid: 'Ta płatność nie została dokończona i nic nie pobrano.',
    lookupFailed:
      'Nie możemy teraz sprawdzić Twojej wpłaty. Jeśli zapłaciłeś(-aś), i tak się liczy.',
    manageTitle: 'Zarządzaj wpłatą na rzecz {name}',
    manageIntro:
      'Podaj adres e-mail, z którego wpłacałeś(-aś). Jeśli wspiera on {name} co miesiąc lub co rok, wyślemy na niego link do strony, na której zmienisz kwotę lub kartę albo zatrzymasz wpłaty.',
    email: 'Adres e-mail',
    send: 'Wyślij mi link',
    sent: 'Jeśli ten adres wspiera {name} co miesiąc lub co rok, link do zarządzania wpłatą jest w drodze. Działa przez godzinę.',
    sentHint: 'Nic po kilku minutach? Zajrzyj do folderu spam albo poproś ponownie.',
    invalidEmail: 'Podaj adres e-mail, np. imie@example.org.',
    expired: 'Ten link wygasł: każdy działa przez godzinę. Poproś tutaj o nowy.',
    forged: 'Ten link jest nieważny. Poproś tutaj o nowy.',
    unavailable: 'Zarządzanie wpłatami online nie jest skonfigurowane na tej stronie.',
    portalFailed:
      'Nie udało się otworzyć strony zarządzania wpłatą. Spróbuj ponownie za kilka minut.',
    refused:
      'Ten formularz wygasł lub pochodził z innej strony, więc nic nie zrobiono. Wyślij go ponownie.',
    tooMany: 'Zbyt wiele żądań z Twojego połączenia. Spróbuj później.',
  },
  sv: {
    gaveOnce: 'Du gav {amount} till {name}.',
    gaveMonth: 'Du ger {amount} i månaden till {name}.',
    gaveYear: 'Du ger {amount} om året till {name}.',
    feeCovered: 'Det innefattar {cover} för att täcka betalningsavgiften.',
    pending: 'Din bank bekräftar betalningen inom några dagar; då syns den i stapeln.',
    manageLink: 'Ändra eller avsluta gåvan',
    notFound:
      'Vi hittade inte den här gåvan. Om du har betalat syns den i stapeln så snart Stripe bekräftar den.',
    unpaid: 'Betalningen slutfördes inte, och inget drogs.',
    lookupFailed: 'Vi kan inte slå upp din gåva just nu. Om du har betalat räknas den ändå.',
    manageTitle: 'Hantera din gåva till {name}',
    manageIntro:
      'Ange e-postadressen du gav med. Om den ger månadsvis eller årsvis till {name} skickar vi en länk till en sida där du kan ändra belopp eller kort, eller avsluta gåvan.',
    email: 'E-postadress',
    send: 'Skicka länken',
    sent: 'Om den här adressen ger månadsvis eller årsvis till {name} är en länk för att hantera gåvan på väg. Den fungerar i en timme.',
    sentHint: 'Inget efter några minuter? Titta i skräpposten, eller be om en ny.',
    invalidEmail: 'Ange en e-postadress, till exempel namn@example.org.',
    expired: 'Länken har gått ut: varje länk fungerar i en timme. Be om en ny här.',
    forged: 'Länken är inte giltig. Be om en ny här.',
    unavailable: 'Att hantera gåvor på nätet är inte inställt på den här webbplatsen.',
    portalFailed:
      'Sidan för att hantera gåvan kunde inte öppnas just nu. Försök igen om några minuter.',
    refused:
      'Formuläret hade gått ut eller kom från en annan webbplats, så inget gjordes. Skicka det igen.',
    tooMany: 'För många förfrågningar från din anslutning. Försök igen senare.',
  },
  ja: {
    gaveOnce: '{name}に{amount}をご寄付いただきました。',
    gaveMonth: '{name}に毎月{amount}をご寄付いただいています。',
    gaveYear: '{name}に毎年{amount}をご寄付いただいています。',
    feeCovered: 'うち{cover}は決済手数料の分です。',
    pending: '銀行による支払いの確認には数日かかります。確認後にバーに反映されます。',
    manageLink: 'この寄付を変更・停止する',
    notFound:
      'この寄付が見つかりませんでした。お支払い済みの場合は、Stripe の確認後にバーに反映されます。',
    unpaid: 'この支払いは完了しておらず、請求もされていません。',
    lookupFailed:
      '現在、寄付を確認できません。お支払い済みであれば、寄付は通常どおり計上されます。',
    manageTitle: '{name}への寄付の管理',
    manageIntro:
      '寄付に使ったメールアドレスを入力してください。{name}への毎月または毎年の寄付がある場合、金額やカードの変更、寄付の停止ができるページへのリンクをお送りします。',
    email: 'メールアドレス',
    send: 'リンクを送信',
    sent: 'このアドレスで{name}への毎月または毎年の寄付がある場合、管理用のリンクをお送りしました。リンクの有効期限は1時間です。',
    sentHint:
      '数分たっても届かない場合は、迷惑メールフォルダを確認するか、もう一度お試しください。',
    invalidEmail: 'name@example.org のようなメールアドレスを入力してください。',
    expired: 'このリンクは期限切れです(有効期限は1時間)。ここで新しいリンクを請求してください。',
    forged: 'このリンクは無効です。ここで新しいリンクを請求してください。',
    unavailable: 'このサイトでは、オンラインでの寄付の管理は設定されていません。',
    portalFailed: '寄付の管理ページを開けませんでした。数分後にもう一度お試しください。',
    refused:
      'このフォームは期限切れか、別のサイトから送信されたため、処理されませんでした。もう一度送信してください。',
    tooMany: 'お使いの接続からのリクエストが多すぎます。しばらくしてからお試しください。',
  },
  zh: {
    gaveOnce: '您已向{name}捐赠{amount}。',
    gaveMonth: '您每月向{name}捐赠{amount}。',
    gaveYear: '您每年向{name}捐赠{amount}。',
    feeCovered: '其中{cover}用于支付手续费。',
    pending: '您的银行将在几天内确认付款，届时会显示在进度条上。',
    manageLink: '更改或停止此捐赠',
    notFound: '我们找不到这笔捐赠。如果您已付款，Stripe 确认后它就会显示在进度条上。',
    unpaid: '这笔付款未完成，没有扣除任何费用。',
    lookupFailed: '暂时无法查询您的捐赠。如果您已付款，它照样计入。',
    manageTitle: '管理您对{name}的捐赠',
    manageIntro:
      '请输入您捐赠时使用的电子邮箱。如果该邮箱每月或每年向{name}捐赠，我们会发送一个链接，您可以在该页面更改金额或银行卡，或停止捐赠。',
    email: '电子邮箱',
    send: '发送链接',
    sent: '如果此邮箱每月或每年向{name}捐赠，管理捐赠的链接已在发送途中。链接一小时内有效。',
    sentHint: '几分钟后仍未收到？请查看垃圾邮件文件夹，或重新申请。',
    invalidEmail: '请输入电子邮箱，例如 name@example.org。',
    expired: '此链接已过期：每个链接一小时内有效。请在此申请新链接。',
    forged: '此链接无效。请在此申请新链接。',
    unavailable: '本网站未设置在线管理捐赠。',
    portalFailed: '暂时无法打开管理捐赠的页面，请几分钟后再试。',
    refused: '此表单已过期或来自其他网站，因此未作处理。请重新提交。',
    tooMany: '来自您网络的请求过多，请稍后再试。',
  },
  ar: {
    gaveOnce: 'تبرعت بمبلغ {amount} لـ {name}.',
    gaveMonth: 'تتبرع بمبلغ {amount} شهريًا لـ {name}.',
    gaveYear: 'تتبرع بمبلغ {amount} سنويًا لـ {name}.',
    feeCovered: 'يشمل {cover} لتغطية رسوم الدفع.',
    pending: 'يؤكد مصرفك الدفع خلال أيام قليلة، وعندها يظهر على الشريط.',
    manageLink: 'غيّر هذا التبرع أو أوقفه',
    notFound: 'لم نعثر على هذا التبرع. إن كنت قد دفعت فسيظهر على الشريط فور تأكيد Stripe له.',
    unpaid: 'لم تكتمل عملية الدفع هذه، ولم يُخصم أي مبلغ.',
    lookupFailed: 'لا يمكننا الاطلاع على تبرعك الآن. إن كنت قد دفعت فهو محسوب على أي حال.',
    manageTitle: 'إدارة تبرعك لـ {name}',
    manageIntro:
      'أدخل البريد الإلكتروني الذي تبرعت به. إن كان يتبرع شهريًا أو سنويًا لـ {name} نرسل إليه رابطًا لصفحة تغيّر فيها المبلغ أو البطاقة أو توقف التبرع.',
    email: 'البريد الإلكتروني',
    send: 'أرسل لي الرابط',
    sent: 'إن كان هذا العنوان يتبرع شهريًا أو سنويًا لـ {name} فرابط إدارة التبرع في الطريق إليه. يعمل الرابط ساعة واحدة.',
    sentHint: 'لم يصل شيء بعد دقائق؟ انظر في مجلد الرسائل غير المرغوب فيها، أو اطلب الرابط مجددًا.',
    invalidEmail: 'أدخل بريدًا إلكترونيًا مثل name@example.org.',
    expired: 'انتهت صلاحية هذا الرابط: يعمل كل رابط ساعة واحدة. اطلب رابطًا جديدًا هنا.',
    forged: 'هذا الرابط غير صالح. اطلب رابطًا جديدًا هنا.',
    unavailable: 'إدارة التبرعات عبر الإنترنت غير مُعدّة على هذا الموقع.',
    portalFailed: 'تعذّر فتح صفحة إدارة تبرعك الآن. حاول مجددًا بعد دقائق.',
    refused: 'انتهت صلاحية هذا النموذج أو أُرسل من موقع آخر، فلم يُنفَّذ شيء. أرسله مجددًا.',
    tooMany: 'طلبات كثيرة جدًا من اتصالك. حاول لاحقًا.',
  },
}

export type AfterGiftKey = keyof AfterGiftCatalog

/** The thank-you and manage pages' words for a display locale (English without a catalog). */
export function afterGiftText(
  locale: string,
  key: AfterGiftKey,
  vars?: Record<string, string>,
): string {
  return format(AFTER_GIFT_CATALOGS[catalogLanguage(locale)][key], vars)
}
