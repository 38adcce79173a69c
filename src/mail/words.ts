import type { Language } from '../domain/messages/index.js'

/** The e-mails' words, per catalog language; `{…}` are filled by `format`. */
export interface MailWords {
  subject: string
  heading: string
  intro: string
  amount: string
  date: string
  campaign: string
  receipt: string
  recurring: string
  manageLink: string
  closing: string
  manageSubject: string
  manageIntro: string
  manageButton: string
  manageExpiry: string
  manageIgnore: string
}

export const MAIL_WORDS: Record<Language, MailWords> = {
  en: {
    subject: 'Thank you for your gift to {campaign}',
    heading: 'Thank you!',
    intro: 'Your gift to {campaign} has arrived. It makes our work possible.',
    amount: 'Amount',
    date: 'Date',
    campaign: 'Campaign',
    receipt: 'Receipt number',
    recurring:
      'This is a recurring gift. You can change the amount or card, or stop it, at any time:',
    manageLink: 'Manage your gift',
    closing: 'With gratitude, {campaign}',
    manageSubject: 'Your link to manage your gift to {campaign}',
    manageIntro:
      'Someone asked to manage the recurring gift to {campaign} given with this address.',
    manageButton: 'Open the page to manage your gift',
    manageExpiry: 'The link works for one hour.',
    manageIgnore: 'If you did not ask for it, ignore this e-mail: nothing changes.',
  },
  de: {
    subject: 'Danke für Ihre Spende an {campaign}',
    heading: 'Vielen Dank!',
    intro: 'Ihre Spende an {campaign} ist angekommen. Sie macht unsere Arbeit möglich.',
    amount: 'Betrag',
    date: 'Datum',
    campaign: 'Kampagne',
    receipt: 'Belegnummer',
    recurring:
      'Dies ist eine wiederkehrende Spende. Betrag oder Karte ändern oder beenden können Sie jederzeit:',
    manageLink: 'Spende verwalten',
    closing: 'Herzlichen Dank, {campaign}',
    manageSubject: 'Ihr Link zur Verwaltung Ihrer Spende an {campaign}',
    manageIntro:
      'Jemand möchte die wiederkehrende Spende an {campaign} mit dieser Adresse verwalten.',
    manageButton: 'Seite zur Verwaltung öffnen',
    manageExpiry: 'Der Link gilt eine Stunde.',
    manageIgnore: 'Falls Sie das nicht waren, ignorieren Sie diese E-Mail: nichts ändert sich.',
  },
  fr: {
    subject: 'Merci pour votre don à {campaign}',
    heading: 'Merci !',
    intro: 'Votre don à {campaign} est bien arrivé. Il rend notre travail possible.',
    amount: 'Montant',
    date: 'Date',
    campaign: 'Campagne',
    receipt: 'Numéro de reçu',
    recurring:
      'Ce don est récurrent. Vous pouvez changer le montant ou la carte, ou l’arrêter, à tout moment :',
    manageLink: 'Gérer votre don',
    closing: 'Avec gratitude, {campaign}',
    manageSubject: 'Votre lien pour gérer votre don à {campaign}',
    manageIntro:
      'Quelqu’un a demandé à gérer le don récurrent à {campaign} fait avec cette adresse.',
    manageButton: 'Ouvrir la page de gestion du don',
    manageExpiry: 'Le lien est valable une heure.',
    manageIgnore: 'Si ce n’était pas vous, ignorez ce message : rien ne change.',
  },
  es: {
    subject: 'Gracias por tu donación a {campaign}',
    heading: '¡Gracias!',
    intro: 'Tu donación a {campaign} ha llegado. Hace posible nuestro trabajo.',
    amount: 'Importe',
    date: 'Fecha',
    campaign: 'Campaña',
    receipt: 'Número de recibo',
    recurring:
      'Es una donación periódica. Puedes cambiar el importe o la tarjeta, o detenerla, cuando quieras:',
    manageLink: 'Gestionar tu donación',
    closing: 'Con gratitud, {campaign}',
    manageSubject: 'Tu enlace para gestionar tu donación a {campaign}',
    manageIntro:
      'Alguien pidió gestionar la donación periódica a {campaign} hecha con esta dirección.',
    manageButton: 'Abrir la página para gestionar tu donación',
    manageExpiry: 'El enlace funciona durante una hora.',
    manageIgnore: 'Si no lo pediste, ignora este correo: nada cambia.',
  },
  it: {
    subject: 'Grazie per la tua donazione a {campaign}',
    heading: 'Grazie!',
    intro: 'La tua donazione a {campaign} è arrivata. Rende possibile il nostro lavoro.',
    amount: 'Importo',
    date: 'Data',
    campaign: 'Campagna',
    receipt: 'Numero di ricevuta',
    recurring:
      'È una donazione ricorrente. Puoi cambiare importo o carta, o interromperla, in qualsiasi momento:',
    manageLink: 'Gestisci la tua donazione',
    closing: 'Con gratitudine, {campaign}',
    manageSubject: 'Il tuo link per gestire la donazione a {campaign}',
    manageIntro:
      'Qualcuno ha chiesto di gestire la donazione ricorrente a {campaign} fatta con questo indirizzo.',
    manageButton: 'Apri la pagina per gestire la donazione',
    manageExpiry: 'Il link vale un’ora.',
    manageIgnore: 'Se non sei stato tu, ignora questa e-mail: non cambia nulla.',
  },
  pt: {
    subject: 'Obrigado pela sua doação a {campaign}',
    heading: 'Obrigado!',
    intro: 'A sua doação a {campaign} chegou. Ela torna o nosso trabalho possível.',
    amount: 'Valor',
    date: 'Data',
    campaign: 'Campanha',
    receipt: 'Número do recibo',
    recurring:
      'Esta é uma doação recorrente. Pode mudar o valor ou o cartão, ou pará-la, a qualquer momento:',
    manageLink: 'Gerir a sua doação',
    closing: 'Com gratidão, {campaign}',
    manageSubject: 'O seu link para gerir a doação a {campaign}',
    manageIntro:
      'Alguém pediu para gerir a doação recorrente a {campaign} feita com este endereço.',
    manageButton: 'Abrir a página para gerir a doação',
    manageExpiry: 'O link funciona durante uma hora.',
    manageIgnore: 'Se não foi você, ignore este e-mail: nada muda.',
  },
  nl: {
    subject: 'Bedankt voor je gift aan {campaign}',
    heading: 'Dank je wel!',
    intro: 'Je gift aan {campaign} is aangekomen. Die maakt ons werk mogelijk.',
    amount: 'Bedrag',
    date: 'Datum',
    campaign: 'Campagne',
    receipt: 'Bonnummer',
    recurring:
      'Dit is een terugkerende gift. Je kunt bedrag of kaart wijzigen, of stoppen, wanneer je wilt:',
    manageLink: 'Je gift beheren',
    closing: 'Met dank, {campaign}',
    manageSubject: 'Je link om je gift aan {campaign} te beheren',
    manageIntro: 'Iemand vroeg de terugkerende gift aan {campaign} met dit adres te beheren.',
    manageButton: 'Open de pagina om je gift te beheren',
    manageExpiry: 'De link werkt een uur.',
    manageIgnore: 'Heb je dit niet gevraagd? Negeer deze e-mail: er verandert niets.',
  },
  pl: {
    subject: 'Dziękujemy za wsparcie dla {campaign}',
    heading: 'Dziękujemy!',
    intro: 'Twoja wpłata dla {campaign} dotarła. Dzięki niej możemy działać.',
    amount: 'Kwota',
    date: 'Data',
    campaign: 'Kampania',
    receipt: 'Numer potwierdzenia',
    recurring:
      'To wpłata cykliczna. Kwotę lub kartę możesz zmienić albo ją zatrzymać w każdej chwili:',
    manageLink: 'Zarządzaj wpłatą',
    closing: 'Z wdzięcznością, {campaign}',
    manageSubject: 'Link do zarządzania wpłatą dla {campaign}',
    manageIntro: 'Ktoś poprosił o zarządzanie cykliczną wpłatą dla {campaign} z tego adresu.',
    manageButton: 'Otwórz stronę zarządzania wpłatą',
    manageExpiry: 'Link działa przez godzinę.',
    manageIgnore: 'Jeśli to nie Ty, zignoruj tę wiadomość: nic się nie zmieni.',
  },
  sv: {
    subject: 'Tack för din gåva till {campaign}',
    heading: 'Tack!',
    intro: 'Din gåva till {campaign} har kommit fram. Den gör vårt arbete möjligt.',
    amount: 'Belopp',
    date: 'Datum',
    campaign: 'Kampanj',
    receipt: 'Kvittonummer',
    recurring:
      'Det här är en återkommande gåva. Du kan ändra belopp eller kort, eller avsluta den, när du vill:',
    manageLink: 'Hantera din gåva',
    closing: 'Med tacksamhet, {campaign}',
    manageSubject: 'Din länk för att hantera din gåva till {campaign}',
    manageIntro:
      'Någon bad om att hantera den återkommande gåvan till {campaign} med den här adressen.',
    manageButton: 'Öppna sidan för att hantera gåvan',
    manageExpiry: 'Länken fungerar i en timme.',
    manageIgnore: 'Om det inte var du kan du ignorera mejlet: inget ändras.',
  },
  ja: {
    subject: '{campaign}へのご寄付ありがとうございます',
    heading: 'ありがとうございます！',
    intro: '{campaign}へのご寄付を受け取りました。私たちの活動を支えていただき感謝します。',
    amount: '金額',
    date: '日付',
    campaign: 'キャンペーン',
    receipt: '領収番号',
    recurring: 'これは継続寄付です。金額やカードの変更、停止はいつでもこちらから：',
    manageLink: '寄付を管理する',
    closing: '心より感謝を込めて　{campaign}',
    manageSubject: '{campaign}への寄付を管理するリンク',
    manageIntro: 'このアドレスでの{campaign}への継続寄付の管理が申請されました。',
    manageButton: '寄付の管理ページを開く',
    manageExpiry: 'リンクの有効期限は1時間です。',
    manageIgnore: '心当たりがない場合はこのメールを無視してください。何も変わりません。',
  },
  zh: {
    subject: '感谢您对{campaign}的捐助',
    heading: '谢谢！',
    intro: '您对{campaign}的捐助已到账，是您让我们的工作成为可能。',
    amount: '金额',
    date: '日期',
    campaign: '活动',
    receipt: '收据编号',
    recurring: '这是定期捐助。您可以随时更改金额或银行卡，或停止捐助：',
    manageLink: '管理您的捐助',
    closing: '衷心感谢，{campaign}',
    manageSubject: '管理您对{campaign}捐助的链接',
    manageIntro: '有人请求管理用此地址对{campaign}的定期捐助。',
    manageButton: '打开捐助管理页面',
    manageExpiry: '链接一小时内有效。',
    manageIgnore: '如果不是您本人请求，请忽略此邮件，不会有任何变化。',
  },
  ar: {
    subject: 'شكرًا لتبرعك لـ {campaign}',
    heading: 'شكرًا لك!',
    intro: 'وصل تبرعك لـ {campaign}. إنه يجعل عملنا ممكنًا.',
    amount: 'المبلغ',
    date: 'التاريخ',
    campaign: 'الحملة',
    receipt: 'رقم الإيصال',
    recurring: 'هذا تبرع متكرر. يمكنك تغيير المبلغ أو البطاقة أو إيقافه في أي وقت:',
    manageLink: 'إدارة تبرعك',
    closing: 'مع الامتنان، {campaign}',
    manageSubject: 'رابط إدارة تبرعك لـ {campaign}',
    manageIntro: 'طلب أحدهم إدارة التبرع المتكرر لـ {campaign} المرتبط بهذا العنوان.',
    manageButton: 'افتح صفحة إدارة التبرع',
    manageExpiry: 'يعمل الرابط لمدة ساعة.',
    manageIgnore: 'إن لم تطلب ذلك فتجاهل هذه الرسالة: لن يتغير شيء.',
  },
}
