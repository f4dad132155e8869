// What the page says, in Chinese and English, and how it writes money and times in the chosen language.

export type Lang = 'zh' | 'en';

const en = {
  title: 'Book travel',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {name}',
  signInTitle: 'Sign in',
  devSignInHint: 'Development sign-in: any name gets a token. This does not exist in production.',
  devName: 'Your name (letters and digits)',
  signIn: 'Sign in',
  platformSignIn: 'Please open this page from the travel platform: it signs you in (it passes ?token=… or stores your token).',
  signInFailed: 'Could not sign in. Please check the name and try again.',
  sessionExpired: 'Your sign-in has expired. Please sign in again; your booking attempt is kept.',
  bookTitle: 'What would you like to book?',
  kindRoute: 'Tour route',
  kindHotel: 'Hotel',
  kindScenic: 'Scenic spot',
  route: 'Route',
  roomType: 'Hotel and room',
  checkIn: 'Check-in',
  checkOut: 'Check-out',
  spot: 'Scenic spot',
  visitDate: 'Day of visit',
  quantity: 'How many',
  contactName: 'Contact name',
  contactPhone: 'Contact phone',
  book: 'Book',
  bookRetry: 'Try again (it will not book twice)',
  booking: 'Booking…',
  nothingToBook: 'There is nothing to book here yet.',
  perPerson: '{price} per person',
  perNight: '{price} per room per night',
  perTicket: '{price} per ticket',
  estimate: 'Total: {price}',
  seatsLeft: '{n} seats left',
  roomsLeft: '{n} rooms left on every night of the stay',
  roomsSoldOutNight: 'Sold out on {nights}',
  ticketsLeft: '{n} tickets left for {date}',
  unlimited: 'Tickets for {date}: no daily limit',
  soldOut: 'Sold out',
  availabilityUnknown: 'Cannot check what is left right now.',
  chooseDates: 'Choose the dates to see what is left.',
  booked: 'Booked. Your order is held for you until {time}; pay before then.',
  replayed: 'This is the booking you already made: trying again did not book twice.',
  resuming: 'Finishing the booking you started before the page was reloaded…',
  stillProcessing: 'Your booking is still being processed; checking again…',
  busyRetrying: 'Many people are booking this right now; trying again in {s} s…',
  unavailableRetrying: 'The service is briefly unavailable; trying again in {s} s…',
  networkLost: 'The connection was lost before the answer arrived. Your booking may have gone through: press the button again to find out. It will not book twice.',
  failedRetryable: 'Something went wrong on our side. Press the button again; it will not book twice.',
  insufficient: 'Not enough left: only {n} left.',
  soldOutMessage: 'Sold out: nothing is left for this choice.',
  invalid: 'Please check: {fields}.',
  someField: 'the form',
  notFound: 'This is no longer offered. The list has been refreshed.',
  keyMismatch: 'The booking changed while it was being sent. Please press Book again.',
  genericError: 'Something went wrong. Please try again.',
  reference: '(reference {id})',
  orderTitle: 'Your order',
  statusPending: 'Awaiting payment',
  statusPaid: 'Paid',
  statusCancelled: 'Cancelled',
  statusExpired: 'Expired',
  expiresAt: 'Held until {time}; an unpaid order is released then.',
  nights: '{n} nights',
  pay: 'Pay',
  payMock: 'Pay (development mock provider)',
  paying: 'Paying…',
  paid: 'Paid. Thank you!',
  payProvider: 'Payment {id} is ready; continue with the payment provider.',
  payNetworkLost: 'The connection was lost. Press Pay again; you will not be charged twice.',
  paymentSucceeded: 'paid',
  paymentFailed: 'failed',
  paymentRequired: 'awaiting payment',
  paymentRefund: 'to be refunded',
  paymentMismatch: 'amount mismatch',
  cancel: 'Cancel order',
  cancelling: 'Cancelling…',
  cancelled: 'The order is cancelled and what it held is released.',
  notPending: 'This order can no longer be changed: it is {status}.',
  myOrders: 'My orders',
  noOrders: 'No orders yet.',
  view: 'View',
  modeSingle: 'One item',
  modePackage: 'A package: several items in one order',
  addLine: 'Add to the package',
  packageTitle: 'Your package',
  packageEmpty: 'The package is empty: choose an item above and add it.',
  packageFull: 'A package has at most {n} items.',
  packageTotal: 'Package total: {price} ({n} items)',
  lineEstimate: 'This item: {price}',
  remove: 'Remove',
  bookPackage: 'Book the package',
  bookedPackage: 'The package is booked: every item in one order, held for you until {time}; pay before then.',
  linePrefix: 'Line {n} ({what})',
  lineAndText: '{line}: {text}',
  whatRoute: 'the tour route',
  whatHotel: 'the hotel stay',
  whatScenic: 'the scenic tickets',
  countSeat: '{n} seat',
  countSeats: '{n} seats',
  countRoom: '{n} room',
  countRooms: '{n} rooms',
  countTicket: '{n} ticket',
  countTickets: '{n} tickets',
  holdLimitUnits: 'One person may hold at most {limit} of one item unpaid, and you already hold {held} of this one: you can book up to {left} more now. Pay for or cancel an order under My orders to book more.',
  holdLimitUnitsNone: 'One person may hold at most {limit} of one item unpaid, and you already hold {held} of this one. Pay for or cancel an order under My orders to book more.',
  holdLimitOrders: 'You have {n} unpaid orders, the most one person may have waiting for payment ({limit}). Pay for or cancel one under My orders first.',
  rateLimited: 'Too many attempts in a short time. Please wait {s} s, then press Book again; it will not book twice.',
  rateLimitedAction: 'Too many attempts in a short time. Please wait {s} s and try again.',
  lineInsufficient: '{line}: only {left} left. Nothing was booked.',
  lineSoldOut: '{line}: sold out. Nothing was booked.',
  lineNotFound: '{line} is no longer offered. Nothing was booked; the list has been refreshed.',
  lineInvalid: '{line}: please check {fields}.',
  departs: 'departs {date}',
  lineBooked: 'Booked',
  lineCancelled: 'Cancelled',
  lineStarted: 'Started on {date}: it can no longer be cancelled.',
  cancelPaid: 'Cancel and refund',
  cancelLines: 'Cancel the chosen items',
  cancelLinesPaid: 'Cancel and refund the chosen items',
  chooseLines: 'Tick the items to cancel first.',
  cancelledLines: 'The chosen items are cancelled and what they held is released.',
  cancelledRefund: 'Cancelled. A refund of {price} is on its way.',
  notCancellable: '{line} started on {date} and can no longer be cancelled. Nothing was cancelled.',
  refundsTitle: 'Refunds',
  refundOf: '{price} for {lines}: {status}',
  refundWhole: '{price}: {status}',
  refundPending: 'refund pending',
  refundSucceeded: 'refunded',
  refundFailed: 'refund failed; it will be tried again',
  refundArrived: 'The refund of {price} has been made.',
  cancelNetworkLost: 'The connection was lost before the answer arrived; the order is shown as it is now. Cancelling again never cancels or refunds twice.',
};
export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: '预订旅行',
  signOut: '退出登录',
  signedInAs: '当前用户：{name}',
  signInTitle: '登录',
  devSignInHint: '开发环境登录：输入任意名字即可获得令牌。生产环境没有此功能。',
  devName: '你的名字（字母或数字）',
  signIn: '登录',
  platformSignIn: '请从旅行平台打开此页面，平台会为你登录（通过 ?token=… 或已保存的令牌）。',
  signInFailed: '登录失败，请检查名字后重试。',
  sessionExpired: '登录已过期，请重新登录；你的预订请求已保留。',
  bookTitle: '你想预订什么？',
  kindRoute: '旅游线路',
  kindHotel: '酒店',
  kindScenic: '景点门票',
  route: '线路',
  roomType: '酒店与房型',
  checkIn: '入住日期',
  checkOut: '离店日期',
  spot: '景点',
  visitDate: '游览日期',
  quantity: '数量',
  contactName: '联系人',
  contactPhone: '联系电话',
  book: '预订',
  bookRetry: '重试（不会重复预订）',
  booking: '正在预订…',
  nothingToBook: '暂无可预订的项目。',
  perPerson: '每人 {price}',
  perNight: '每间每晚 {price}',
  perTicket: '每张 {price}',
  estimate: '合计：{price}',
  seatsLeft: '剩余 {n} 个名额',
  roomsLeft: '所选每晚均剩余 {n} 间',
  roomsSoldOutNight: '{nights} 已满房',
  ticketsLeft: '{date} 剩余 {n} 张',
  unlimited: '{date} 门票不限量',
  soldOut: '已售罄',
  availabilityUnknown: '暂时无法查询余量。',
  chooseDates: '请选择日期以查看余量。',
  booked: '预订成功。订单为你保留至 {time}，请在此之前付款。',
  replayed: '这是你已提交的预订：重试没有重复下单。',
  resuming: '正在完成刷新页面前提交的预订…',
  stillProcessing: '你的预订仍在处理中，正在重新确认…',
  busyRetrying: '当前预订人数较多，{s} 秒后自动重试…',
  unavailableRetrying: '服务暂时不可用，{s} 秒后自动重试…',
  networkLost: '连接中断，未收到结果。预订可能已经成功：请再次点击按钮确认，不会重复预订。',
  failedRetryable: '服务出现问题。请再次点击按钮，不会重复预订。',
  insufficient: '余量不足：仅剩 {n}。',
  soldOutMessage: '已售罄：所选项目已无余量。',
  invalid: '请检查：{fields}。',
  someField: '表单内容',
  notFound: '该项目已下架，列表已刷新。',
  keyMismatch: '提交过程中预订内容有变化，请重新点击预订。',
  genericError: '出现问题，请重试。',
  reference: '（参考编号 {id}）',
  orderTitle: '你的订单',
  statusPending: '待付款',
  statusPaid: '已付款',
  statusCancelled: '已取消',
  statusExpired: '已过期',
  expiresAt: '保留至 {time}，逾期未付款将自动释放。',
  nights: '{n} 晚',
  pay: '付款',
  payMock: '付款（开发环境模拟支付）',
  paying: '正在付款…',
  paid: '付款成功，谢谢！',
  payProvider: '支付单 {id} 已创建，请前往支付平台完成付款。',
  payNetworkLost: '连接中断。请再次点击付款，不会重复扣款。',
  paymentSucceeded: '已支付',
  paymentFailed: '支付失败',
  paymentRequired: '待支付',
  paymentRefund: '待退款',
  paymentMismatch: '金额不符',
  cancel: '取消订单',
  cancelling: '正在取消…',
  cancelled: '订单已取消，所占名额已释放。',
  notPending: '该订单已无法更改：{status}。',
  myOrders: '我的订单',
  noOrders: '暂无订单。',
  view: '查看',
  modeSingle: '单项预订',
  modePackage: '组合套餐：多个项目一起下单',
  addLine: '加入套餐',
  packageTitle: '你的套餐',
  packageEmpty: '套餐还是空的：请在上方选择项目后加入。',
  packageFull: '一个套餐最多 {n} 项。',
  packageTotal: '套餐合计：{price}（{n} 项）',
  lineEstimate: '本项：{price}',
  remove: '移除',
  bookPackage: '预订套餐',
  bookedPackage: '套餐预订成功：所有项目在同一订单中，为你保留至 {time}，请在此之前付款。',
  linePrefix: '第 {n} 项（{what}）',
  lineAndText: '{line}：{text}',
  whatRoute: '旅游线路',
  whatHotel: '酒店住宿',
  whatScenic: '景点门票',
  countSeat: '{n} 个名额',
  countSeats: '{n} 个名额',
  countRoom: '{n} 间房',
  countRooms: '{n} 间房',
  countTicket: '{n} 张票',
  countTickets: '{n} 张票',
  holdLimitUnits: '每人同一项目最多可保留未支付的 {limit}，您已保留 {held}，现在最多还能预订 {left}。请在“我的订单”中支付或取消订单后再预订更多。',
  holdLimitUnitsNone: '每人同一项目最多可保留未支付的 {limit}，您已保留 {held}。请在“我的订单”中支付或取消订单后再预订。',
  holdLimitOrders: '您已有 {n} 个未支付订单，已达每人同时待支付订单的上限（{limit} 个）。请先在“我的订单”中支付或取消一个。',
  rateLimited: '操作过于频繁。请等待 {s} 秒后再次点击预订，不会重复预订。',
  rateLimitedAction: '操作过于频繁，请等待 {s} 秒后重试。',
  lineInsufficient: '{line}：仅剩 {left}。未预订任何项目。',
  lineSoldOut: '{line}：已售罄。未预订任何项目。',
  lineNotFound: '{line}已下架。未预订任何项目，列表已刷新。',
  lineInvalid: '{line}：请检查{fields}。',
  departs: '{date} 出发',
  lineBooked: '已预订',
  lineCancelled: '已取消',
  lineStarted: '已于 {date} 开始，无法再取消。',
  cancelPaid: '取消并退款',
  cancelLines: '取消所选项目',
  cancelLinesPaid: '取消所选项目并退款',
  chooseLines: '请先勾选要取消的项目。',
  cancelledLines: '所选项目已取消，所占名额已释放。',
  cancelledRefund: '已取消，{price} 的退款正在处理。',
  notCancellable: '{line}已于 {date} 开始，无法再取消。本次未取消任何项目。',
  refundsTitle: '退款',
  refundOf: '{lines}：{price}，{status}',
  refundWhole: '{price}，{status}',
  refundPending: '退款处理中',
  refundSucceeded: '已退款',
  refundFailed: '退款失败，将重新处理',
  refundArrived: '{price} 已退款成功。',
  cancelNetworkLost: '连接中断，未收到结果；下方为订单的最新状态。再次取消不会重复取消或重复退款。',
};

function pickLanguage(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  return (navigator.language || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

const lang: Lang = pickLanguage();
const dictionary = lang === 'en' ? en : zh;

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The separator between listed names: 、 in Chinese, a comma in English. */
export const listSeparator = lang === 'zh' ? '、' : ', ';

export function applyLanguage(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset['i18n'];
    if (key && key in en) node.textContent = t(key as MessageKey);
  }
}

type Kind = 'route' | 'hotel' | 'scenic';
const whatKeys: Record<Kind, MessageKey> = { route: 'whatRoute', hotel: 'whatHotel', scenic: 'whatScenic' };
const countKeys: Record<Kind, [MessageKey, MessageKey]> = { route: ['countSeat', 'countSeats'], hotel: ['countRoom', 'countRooms'], scenic: ['countTicket', 'countTickets'] };

/** A line of a package or an order as a person counts it (from 1) and what it is: "Line 2 (the hotel stay)". */
export function lineLabel(index: number, kind: Kind): string {
  return t('linePrefix', { n: index + 1, what: t(whatKeys[kind]) });
}

/** How many of a kind's unit: "1 room", "3 seats". */
export function countOf(kind: Kind, n: number): string {
  const [one, many] = countKeys[kind];
  return t(n === 1 ? one : many, { n });
}

/** Integer arithmetic only: money never passes through a fraction. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = (abs - (abs % 100)) / 100;
  return `${sign}¥${yuan.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}.${String(abs % 100).padStart(2, '0')}`;
}

export function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
