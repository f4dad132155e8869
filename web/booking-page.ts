// The booking page. One booking attempt = one Idempotency-Key, reused on every retry of that attempt until the
// service gives a final answer, so a double click, a dropped response or a reload can never book twice.

type Lang = 'zh' | 'en';

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
};
type MessageKey = keyof typeof en;

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
};

type ItemType = 'route' | 'hotel' | 'scenic';
type BookingBody =
  | { itemType: 'route'; itemId: number; quantity: number; contactName: string; contactPhone: string }
  | { itemType: 'hotel'; itemId: number; roomTypeId: number; checkIn: string; checkOut: string; quantity: number; contactName: string; contactPhone: string }
  | { itemType: 'scenic'; itemId: number; visitDate: string; quantity: number; contactName: string; contactPhone: string };
/** One press of Book and all its retries: the key is replaced only when the form says something else. */
type Attempt = { sub: string; key: string; body: BookingBody };

type Route = { id: number; name: string; priceCents: number; availableSlots: number };
type RoomType = { id: number; hotelId: number; name: string; priceCents: number };
type Hotel = { id: number; name: string; roomTypes: RoomType[] };
type Spot = { id: number; name: string; ticketPriceCents: number; dailyQuota: number | null };
type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'expired';
type OrderItem = { itemType: ItemType; itemName: string; quantity: number; subtotalCents: number; checkIn?: string; checkOut?: string; nights?: number; visitDate?: string };
type Payment = { paymentId: string; amountCents: number; status: string };
type Order = { orderSn: string; status: OrderStatus; totalCents: number; currency: string; expiresAt: string; items: OrderItem[]; payments?: Payment[] };
type ApiError = { code: string; details: Record<string, unknown> };

type Reply =
  | { kind: 'reply'; status: number; body: unknown; replayed: boolean; retryAfterS: number | null; requestId: string | null }
  | { kind: 'network' };

const STORE = { token: 'travel-orders:token', attempt: 'travel-orders:attempt', order: 'travel-orders:order' } as const;
const POLL_MS = 4000;
const MAX_IN_USE_RETRIES = 8;
const MAX_UNAVAILABLE_RETRIES = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- small DOM helpers -------------------------------------------------------------------------------------

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page is missing #${id}`);
  return found;
}

const el = {
  who: byId('who', HTMLElement),
  signOut: byId('sign-out', HTMLButtonElement),
  signIn: byId('sign-in', HTMLElement),
  devSignIn: byId('dev-sign-in', HTMLFormElement),
  devSub: byId('dev-sub', HTMLInputElement),
  platformSignIn: byId('platform-sign-in', HTMLElement),
  signInMessage: byId('sign-in-message', HTMLElement),
  app: byId('app', HTMLElement),
  form: byId('booking-form', HTMLFormElement),
  fields: byId('booking-fields', HTMLFieldSetElement),
  routeFields: byId('route-fields', HTMLElement),
  hotelFields: byId('hotel-fields', HTMLElement),
  scenicFields: byId('scenic-fields', HTMLElement),
  routeSelect: byId('route-select', HTMLSelectElement),
  roomTypeSelect: byId('room-type-select', HTMLSelectElement),
  checkIn: byId('check-in', HTMLInputElement),
  checkOut: byId('check-out', HTMLInputElement),
  spotSelect: byId('spot-select', HTMLSelectElement),
  visitDate: byId('visit-date', HTMLInputElement),
  quantity: byId('quantity', HTMLInputElement),
  contactName: byId('contact-name', HTMLInputElement),
  contactPhone: byId('contact-phone', HTMLInputElement),
  availability: byId('availability', HTMLElement),
  book: byId('book', HTMLButtonElement),
  price: byId('price', HTMLElement),
  message: byId('message', HTMLElement),
  order: byId('order', HTMLElement),
  orderSn: byId('order-sn', HTMLElement),
  orderStatus: byId('order-status', HTMLElement),
  orderTotal: byId('order-total', HTMLElement),
  orderNote: byId('order-note', HTMLElement),
  orderItems: byId('order-items', HTMLUListElement),
  orderExpires: byId('order-expires', HTMLElement),
  orderPayments: byId('order-payments', HTMLUListElement),
  pay: byId('pay', HTMLButtonElement),
  cancel: byId('cancel', HTMLButtonElement),
  orderMessage: byId('order-message', HTMLElement),
  myOrdersList: byId('my-orders-list', HTMLUListElement),
};

// ---- language ----------------------------------------------------------------------------------------------

function pickLanguage(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  return (navigator.language || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

const lang: Lang = pickLanguage();
const dictionary = lang === 'en' ? en : zh;

function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function applyLanguage(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset['i18n'];
    if (key && key in en) node.textContent = t(key as MessageKey);
  }
}

/** Integer arithmetic only: money never passes through a fraction. */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = (abs - (abs % 100)) / 100;
  return `${sign}¥${yuan.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}.${String(abs % 100).padStart(2, '0')}`;
}

function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function localDate(daysAhead: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysAhead);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// ---- storage (sessionStorage can be unavailable; the page then still works without persistence) --------------

function load(key: string, storage: 'session' | 'local' = 'session'): string | null {
  try {
    return (storage === 'session' ? sessionStorage : localStorage).getItem(key);
  } catch {
    return null;
  }
}

function save(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: only the reload protection is lost.
  }
}

/** Sorted keys, so the same booking written in another order is the same booking. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** crypto.randomUUID needs a secure context; a page opened over plain http on a LAN address still gets a v4 UUID. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- state ---------------------------------------------------------------------------------------------------

const devMode = document.querySelector<HTMLMetaElement>('meta[name="travel-orders-mode"]')?.content !== 'production';

const state = {
  token: null as string | null,
  sub: null as string | null,
  routes: [] as Route[],
  hotels: [] as Hotel[],
  spots: [] as Spot[],
  attempt: null as Attempt | null,
  /** The last try of the attempt ended without a final answer: its outcome is unknown until retried. */
  uncertain: false,
  inFlight: false,
  orderBusy: false,
  order: null as Order | null,
  available: undefined as number | null | undefined,
  availabilitySeq: 0,
  ticking: false,
};

function readAttempt(): Attempt | null {
  const raw = load(STORE.attempt);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isRecord(parsed) && typeof parsed['sub'] === 'string' && typeof parsed['key'] === 'string' && isRecord(parsed['body'])) return parsed as Attempt;
  } catch {
    // A damaged entry is dropped below.
  }
  save(STORE.attempt, null);
  return null;
}

function setAttempt(attempt: Attempt | null): void {
  state.attempt = attempt;
  state.uncertain = attempt !== null && state.uncertain;
  save(STORE.attempt, attempt ? JSON.stringify(attempt) : null);
}

// ---- HTTP ----------------------------------------------------------------------------------------------------

function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  if (/^\d{1,4}$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function api(method: string, path: string, opts: { body?: unknown; key?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (state.token) headers['Authorization'] = `Bearer ${state.token}`;
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), cache: 'no-store', credentials: 'omit' });
    // A connection cut while the body streams is as unknown an outcome as no response at all.
    text = await res.text();
  } catch {
    return { kind: 'network' };
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return {
    kind: 'reply',
    status: res.status,
    body,
    replayed: res.headers.get('Idempotent-Replayed') === 'true',
    retryAfterS: retryAfterSeconds(res.headers.get('Retry-After')),
    requestId: res.headers.get('X-Request-Id'),
  };
}

function errorOf(body: unknown): ApiError | null {
  if (!isRecord(body) || !isRecord(body['error'])) return null;
  const { code, details } = body['error'];
  return typeof code === 'string' ? { code, details: isRecord(details) ? details : {} } : null;
}

function isOrder(v: unknown): v is Order {
  return isRecord(v) && typeof v['orderSn'] === 'string' && typeof v['status'] === 'string' && typeof v['totalCents'] === 'number' && Array.isArray(v['items']);
}

/** Exponential, jittered, never sooner than the server asked. */
function backoffMs(tries: number, retryAfterS: number | null): number {
  const exponential = Math.min(250 * 2 ** tries, 8000);
  const floor = (retryAfterS ?? 0) * 1000;
  return Math.max(floor, exponential) * (0.8 + Math.random() * 0.4);
}

// ---- messages ------------------------------------------------------------------------------------------------

type Tone = 'ok' | 'info' | 'warn' | 'error';

function say(target: HTMLElement, text: string, tone: Tone): void {
  target.textContent = text;
  target.className = `message ${tone}`;
  target.dataset['tone'] = tone;
}

function withReference(text: string, reply: Reply): string {
  return reply.kind === 'reply' && reply.requestId ? `${text} ${t('reference', { id: reply.requestId })}` : text;
}

const fieldLabels: Record<string, MessageKey> = {
  quantity: 'quantity',
  contactName: 'contactName',
  contactPhone: 'contactPhone',
  checkIn: 'checkIn',
  checkOut: 'checkOut',
  visitDate: 'visitDate',
  roomTypeId: 'roomType',
};

function fieldNames(details: Record<string, unknown>): string {
  const fields = Array.isArray(details['fields']) ? details['fields'] : [];
  const names = new Set<string>();
  for (const f of fields) {
    const path = isRecord(f) && typeof f['path'] === 'string' ? f['path'] : '';
    const key = fieldLabels[path] ?? (path === 'itemId' ? kindLabel(selectedKind()) : 'someField');
    names.add(t(key));
  }
  return [...names].join(lang === 'zh' ? '、' : ', ') || t('someField');
}

function kindLabel(kind: ItemType): MessageKey {
  return kind === 'route' ? 'route' : kind === 'hotel' ? 'roomType' : 'spot';
}

// ---- the form ------------------------------------------------------------------------------------------------

function selectedKind(): ItemType {
  const checked = el.form.querySelector<HTMLInputElement>('input[name="itemType"]:checked');
  const value = checked?.value;
  return value === 'hotel' || value === 'scenic' ? value : 'route';
}

function setKind(kind: ItemType): void {
  for (const radio of el.form.querySelectorAll<HTMLInputElement>('input[name="itemType"]')) radio.checked = radio.value === kind;
  showKindFields();
}

function showKindFields(): void {
  const kind = selectedKind();
  el.routeFields.hidden = kind !== 'route';
  el.hotelFields.hidden = kind !== 'hotel';
  el.scenicFields.hidden = kind !== 'scenic';
}

function hotelOfRoomType(roomTypeId: number): Hotel | undefined {
  return state.hotels.find((h) => h.roomTypes.some((r) => r.id === roomTypeId));
}

/** The request body the form describes right now; null when nothing is chosen. */
function currentBody(): BookingBody | null {
  const common = { quantity: Number(el.quantity.value), contactName: el.contactName.value.trim(), contactPhone: el.contactPhone.value.trim() };
  switch (selectedKind()) {
    case 'route': {
      const itemId = Number(el.routeSelect.value);
      return itemId > 0 ? { itemType: 'route', itemId, ...common } : null;
    }
    case 'hotel': {
      const roomTypeId = Number(el.roomTypeSelect.value);
      const hotel = hotelOfRoomType(roomTypeId);
      return hotel ? { itemType: 'hotel', itemId: hotel.id, roomTypeId, checkIn: el.checkIn.value, checkOut: el.checkOut.value, ...common } : null;
    }
    case 'scenic': {
      const itemId = Number(el.spotSelect.value);
      return itemId > 0 ? { itemType: 'scenic', itemId, visitDate: el.visitDate.value, ...common } : null;
    }
  }
}

/** Puts a stored attempt's body back into the form, so what is shown is what is being sent. */
function fillForm(body: BookingBody): void {
  setKind(body.itemType);
  if (body.itemType === 'route') el.routeSelect.value = String(body.itemId);
  if (body.itemType === 'hotel') {
    el.roomTypeSelect.value = String(body.roomTypeId);
    el.checkIn.value = body.checkIn;
    el.checkOut.value = body.checkOut;
  }
  if (body.itemType === 'scenic') {
    el.spotSelect.value = String(body.itemId);
    el.visitDate.value = body.visitDate;
  }
  el.quantity.value = String(body.quantity);
  el.contactName.value = body.contactName;
  el.contactPhone.value = body.contactPhone;
}

function attemptMatchesForm(): boolean {
  const body = currentBody();
  return state.attempt !== null && state.attempt.sub === state.sub && body !== null && canonical(body) === canonical(state.attempt.body);
}

function updateBookButton(): void {
  const retrying = state.uncertain && attemptMatchesForm();
  el.book.textContent = t(state.inFlight ? 'booking' : retrying ? 'bookRetry' : 'book');
  // Sold out blocks a new booking, never the retry of one whose outcome is unknown (it may hold that last seat).
  el.book.disabled = state.inFlight || currentBody() === null || (state.available === 0 && !retrying);
  el.fields.disabled = state.inFlight;
  el.form.setAttribute('aria-busy', String(state.inFlight));
}

function setInFlight(inFlight: boolean): void {
  state.inFlight = inFlight;
  updateBookButton();
}

function nightsBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.round(ms / 86_400_000);
}

function updatePrice(): void {
  const body = currentBody();
  let unit: number | undefined;
  let per: MessageKey = 'perPerson';
  let multiplier = 1;
  if (body?.itemType === 'route') unit = state.routes.find((r) => r.id === body.itemId)?.priceCents;
  if (body?.itemType === 'hotel') {
    unit = hotelOfRoomType(body.roomTypeId)?.roomTypes.find((r) => r.id === body.roomTypeId)?.priceCents;
    per = 'perNight';
    multiplier = Math.max(0, nightsBetween(body.checkIn, body.checkOut));
  }
  if (body?.itemType === 'scenic') {
    unit = state.spots.find((s) => s.id === body.itemId)?.ticketPriceCents;
    per = 'perTicket';
  }
  const quantity = body && Number.isInteger(body.quantity) && body.quantity > 0 ? body.quantity : 0;
  el.price.textContent = unit === undefined ? '' : `${t(per, { price: money(unit) })} · ${t('estimate', { price: money(unit * multiplier * quantity) })}`;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function fillSelect(select: HTMLSelectElement, options: HTMLElement[]): void {
  const previous = select.value;
  select.replaceChildren(...options);
  if (options.length === 0) select.append(option('', '—'));
  if (previous && [...select.options].some((o) => o.value === previous)) select.value = previous;
}

async function loadCatalogue(): Promise<void> {
  const [routes, hotels, spots] = await Promise.all([api('GET', '/api/v1/routes'), api('GET', '/api/v1/hotels'), api('GET', '/api/v1/scenic-spots')]);
  const list = (reply: Reply, field: string): unknown[] =>
    reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && Array.isArray(reply.body[field]) ? reply.body[field] : [];
  state.routes = list(routes, 'routes') as Route[];
  state.hotels = list(hotels, 'hotels') as Hotel[];
  state.spots = list(spots, 'scenicSpots') as Spot[];
  fillSelect(el.routeSelect, state.routes.map((r) => option(String(r.id), `${r.name} · ${money(r.priceCents)}`)));
  fillSelect(
    el.roomTypeSelect,
    state.hotels
      .filter((h) => h.roomTypes.length > 0)
      .map((h) => {
        const group = document.createElement('optgroup');
        group.label = h.name;
        group.append(...h.roomTypes.map((r) => option(String(r.id), `${h.name} · ${r.name} · ${money(r.priceCents)}`)));
        return group;
      }),
  );
  fillSelect(el.spotSelect, state.spots.map((s) => option(String(s.id), `${s.name} · ${money(s.ticketPriceCents)}`)));
}

// ---- availability, refreshed while the page is open ------------------------------------------------------------

function showAvailability(available: number | null | undefined, text: string): void {
  state.available = available;
  el.availability.textContent = text;
  el.availability.className = `availability${available === 0 ? ' none' : typeof available === 'number' && available <= 3 ? ' low' : ''}`;
  el.availability.dataset['available'] = available === undefined ? '' : String(available);
  updateBookButton();
}

async function refreshAvailability(): Promise<void> {
  const seq = ++state.availabilitySeq;
  const body = currentBody();
  if (!body) return showAvailability(undefined, t('nothingToBook'));
  let available: number | null | undefined;
  let text = t('availabilityUnknown');
  if (body.itemType === 'route') {
    const reply = await api('GET', `/api/v1/routes/${body.itemId}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && typeof reply.body['availableSlots'] === 'number') {
      available = reply.body['availableSlots'];
      text = available > 0 ? t('seatsLeft', { n: available }) : t('soldOut');
    }
  } else if (body.itemType === 'hotel') {
    if (!body.checkIn || !body.checkOut || nightsBetween(body.checkIn, body.checkOut) < 1) {
      if (seq === state.availabilitySeq) showAvailability(undefined, t('chooseDates'));
      return;
    }
    const query = new URLSearchParams({ checkIn: body.checkIn, checkOut: body.checkOut });
    const reply = await api('GET', `/api/v1/room-types/${body.roomTypeId}/availability?${query.toString()}`);
    const nights = reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && Array.isArray(reply.body['nights']) ? (reply.body['nights'] as { night: string; available: number }[]) : null;
    if (nights && nights.length > 0) {
      available = Math.min(...nights.map((n) => n.available));
      const full = nights.filter((n) => n.available === 0).map((n) => n.night);
      text = full.length > 0 ? t('roomsSoldOutNight', { nights: full.join(', ') }) : t('roomsLeft', { n: available });
    }
  } else {
    if (!body.visitDate) {
      if (seq === state.availabilitySeq) showAvailability(undefined, t('chooseDates'));
      return;
    }
    const reply = await api('GET', `/api/v1/scenic-spots/${body.itemId}/availability?${new URLSearchParams({ date: body.visitDate }).toString()}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && 'available' in reply.body) {
      const value = reply.body['available'];
      available = typeof value === 'number' ? value : null;
      text = available === null ? t('unlimited', { date: body.visitDate }) : available > 0 ? t('ticketsLeft', { n: available, date: body.visitDate }) : t('soldOut');
    }
  }
  // A slower answer for an earlier choice must not overwrite the current one.
  if (seq === state.availabilitySeq) showAvailability(available, text);
}

// ---- booking -------------------------------------------------------------------------------------------------

function localProblems(body: BookingBody): string[] {
  const missing: MessageKey[] = [];
  if (!Number.isInteger(body.quantity) || body.quantity < 1 || body.quantity > 100) missing.push('quantity');
  if (!body.contactName) missing.push('contactName');
  if (!body.contactPhone) missing.push('contactPhone');
  if (body.itemType === 'hotel' && !body.checkIn) missing.push('checkIn');
  if (body.itemType === 'hotel' && !body.checkOut) missing.push('checkOut');
  if (body.itemType === 'scenic' && !body.visitDate) missing.push('visitDate');
  return missing.map((k) => t(k));
}

async function onBook(): Promise<void> {
  if (state.inFlight || !state.sub) return;
  const body = currentBody();
  if (!body) return say(el.message, t('nothingToBook'), 'error');
  const problems = localProblems(body);
  if (problems.length > 0) return say(el.message, t('invalid', { fields: problems.join(lang === 'zh' ? '、' : ', ') }), 'error');
  // Same form, same attempt: the retry carries the same key and the service answers with the first result.
  if (!attemptMatchesForm()) {
    state.uncertain = false;
    setAttempt({ sub: state.sub, key: newKey(), body });
  }
  await runAttempt(state.attempt as Attempt, false);
}

/** Sends the attempt until the service gives a final answer; keeps the key whenever the outcome is unknown. */
async function runAttempt(attempt: Attempt, resumed: boolean): Promise<void> {
  setInFlight(true);
  say(el.message, t(resumed ? 'resuming' : 'booking'), 'info');
  const unknownOutcome = (key: MessageKey, reply: Reply) => {
    state.uncertain = true;
    say(el.message, withReference(t(key), reply), 'warn');
  };
  try {
    for (let tries = 0; ; tries += 1) {
      const reply = await api('POST', '/api/v1/orders', { body: attempt.body, key: attempt.key });
      if (reply.kind === 'network') return unknownOutcome('networkLost', reply);
      if (reply.status >= 200 && reply.status < 300) {
        if (!isOrder(reply.body)) return unknownOutcome('failedRetryable', reply);
        setAttempt(null);
        state.uncertain = false;
        showOrder(reply.body, reply.replayed ? 'replayed' : null);
        say(el.message, t(reply.replayed ? 'replayed' : 'booked', { time: when(reply.body.expiresAt) }), 'ok');
        void refreshMyOrders();
        void refreshAvailability();
        return;
      }
      const error = errorOf(reply.body);
      const code = error?.code ?? '';
      if (code === 'IDEMPOTENCY_KEY_IN_USE') {
        // The first send of this key is still running: wait for its answer rather than book again.
        if (tries >= MAX_IN_USE_RETRIES) return unknownOutcome('failedRetryable', reply);
        say(el.message, t('stillProcessing'), 'info');
        await sleep(backoffMs(tries, reply.retryAfterS));
        continue;
      }
      if (reply.status === 503 || reply.status === 502 || reply.status === 504) {
        // Nothing was changed and a 5xx does not pin the key, so the same key may simply be sent again.
        if (tries >= MAX_UNAVAILABLE_RETRIES) return unknownOutcome('failedRetryable', reply);
        const waitMs = code === 'LOCK_BUSY' ? (reply.retryAfterS ?? 1) * 1000 + Math.random() * 250 : backoffMs(tries, reply.retryAfterS);
        say(el.message, t(code === 'LOCK_BUSY' ? 'busyRetrying' : 'unavailableRetrying', { s: Math.max(1, Math.round(waitMs / 1000)) }), 'warn');
        await sleep(waitMs);
        continue;
      }
      if (reply.status === 401) return sessionExpired();
      if (reply.status >= 500) return unknownOutcome('failedRetryable', reply);
      // A final refusal is stored against the key; the next press must be a new attempt with a new key.
      setAttempt(null);
      state.uncertain = false;
      showRefusal(error, reply);
      return;
    }
  } finally {
    setInFlight(false);
  }
}

function showRefusal(error: ApiError | null, reply: Reply): void {
  switch (error?.code) {
    case 'INSUFFICIENT_STOCK': {
      const available = typeof error.details['available'] === 'number' ? error.details['available'] : 0;
      say(el.message, available > 0 ? t('insufficient', { n: available }) : t('soldOutMessage'), 'error');
      if (available === 0) showAvailability(0, t('soldOut'));
      void refreshAvailability();
      return;
    }
    case 'VALIDATION_FAILED':
      return say(el.message, t('invalid', { fields: fieldNames(error.details) }), 'error');
    case 'NOT_FOUND':
      say(el.message, t('notFound'), 'error');
      void loadCatalogue().then(refreshAvailability);
      return;
    case 'IDEMPOTENCY_KEY_MISMATCH':
      return say(el.message, t('keyMismatch'), 'error');
    default:
      return say(el.message, withReference(t('genericError'), reply), 'error');
  }
}

// ---- the order -----------------------------------------------------------------------------------------------

const statusKeys: Record<OrderStatus, MessageKey> = { pending: 'statusPending', paid: 'statusPaid', cancelled: 'statusCancelled', expired: 'statusExpired' };
const paymentKeys: Record<string, MessageKey> = {
  succeeded: 'paymentSucceeded',
  failed: 'paymentFailed',
  requires_payment: 'paymentRequired',
  refund_required: 'paymentRefund',
  amount_mismatch: 'paymentMismatch',
};

function statusText(status: string): string {
  return status in statusKeys ? t(statusKeys[status as OrderStatus]) : status;
}

function itemText(item: OrderItem): string {
  const parts = [item.itemName];
  if (item.itemType === 'hotel' && item.checkIn && item.checkOut) parts.push(`${item.checkIn} → ${item.checkOut}${item.nights ? ` (${t('nights', { n: item.nights })})` : ''}`);
  if (item.itemType === 'scenic' && item.visitDate) parts.push(item.visitDate);
  return `${parts.join(' · ')} × ${item.quantity} = ${money(item.subtotalCents)}`;
}

function showOrder(order: Order, note: MessageKey | null = null): void {
  const previous = state.order?.orderSn;
  // Keep the payments already seen when an answer (e.g. cancel) does not carry them.
  state.order = { ...order, payments: order.payments ?? (previous === order.orderSn ? state.order?.payments : undefined) };
  save(STORE.order, order.orderSn);
  el.order.hidden = false;
  el.orderSn.textContent = order.orderSn;
  el.orderStatus.textContent = statusText(order.status);
  el.orderStatus.className = `status ${order.status}`;
  el.orderStatus.dataset['status'] = order.status;
  el.orderTotal.textContent = money(order.totalCents);
  if (note !== null || previous !== order.orderSn) el.orderNote.textContent = note ? t(note) : '';
  el.orderItems.replaceChildren(...order.items.map((item) => Object.assign(document.createElement('li'), { textContent: itemText(item) })));
  el.orderExpires.textContent = order.status === 'pending' ? t('expiresAt', { time: when(order.expiresAt) }) : '';
  el.orderPayments.replaceChildren(
    ...(state.order.payments ?? []).map((p) =>
      Object.assign(document.createElement('li'), { textContent: `${money(p.amountCents)} · ${p.status in paymentKeys ? t(paymentKeys[p.status] as MessageKey) : p.status}` }),
    ),
  );
  if (previous !== order.orderSn) say(el.orderMessage, '', 'info');
  updateOrderButtons();
}

function updateOrderButtons(): void {
  const pending = state.order?.status === 'pending';
  el.pay.hidden = !pending;
  el.cancel.hidden = !pending;
  el.pay.textContent = t(state.orderBusy && el.pay.dataset['busy'] === '1' ? 'paying' : devMode ? 'payMock' : 'pay');
  el.cancel.textContent = t(state.orderBusy && el.cancel.dataset['busy'] === '1' ? 'cancelling' : 'cancel');
  el.pay.disabled = state.orderBusy;
  el.cancel.disabled = state.orderBusy;
}

async function loadOrder(orderSn: string): Promise<void> {
  const reply = await api('GET', `/api/v1/orders/${encodeURIComponent(orderSn)}`);
  if (reply.kind === 'reply' && reply.status === 200 && isOrder(reply.body)) showOrder(reply.body);
  else if (reply.kind === 'reply' && reply.status === 404) save(STORE.order, null);
  else if (reply.kind === 'reply' && reply.status === 401) sessionExpired();
}

/** Runs one order action with both order buttons disabled, so it cannot be sent twice by a double click. */
async function orderAction(button: HTMLButtonElement, action: (orderSn: string) => Promise<void>): Promise<void> {
  const orderSn = state.order?.orderSn;
  if (!orderSn || state.orderBusy) return;
  state.orderBusy = true;
  button.dataset['busy'] = '1';
  updateOrderButtons();
  try {
    await action(orderSn);
  } finally {
    state.orderBusy = false;
    delete button.dataset['busy'];
    updateOrderButtons();
    void refreshMyOrders();
  }
}

function orderRefusal(reply: Reply): void {
  if (reply.kind === 'network') return say(el.orderMessage, t('payNetworkLost'), 'warn');
  if (reply.status === 401) return sessionExpired();
  const error = errorOf(reply.body);
  if (error?.code === 'ORDER_NOT_PENDING') {
    const status = typeof error.details['status'] === 'string' ? error.details['status'] : state.order?.status ?? '';
    say(el.orderMessage, t('notPending', { status: statusText(status) }), 'error');
    if (state.order) void loadOrder(state.order.orderSn);
    return;
  }
  say(el.orderMessage, withReference(t('genericError'), reply), 'error');
}

async function pay(orderSn: string): Promise<void> {
  say(el.orderMessage, t('paying'), 'info');
  // One payment intent per order; the key makes a repeated press replay it.
  const intent = await api('POST', `/api/v1/orders/${orderSn}/pay`, { key: `pay-${orderSn}` });
  if (intent.kind !== 'reply' || (intent.status !== 200 && intent.status !== 201) || !isRecord(intent.body)) return orderRefusal(intent);
  if (!devMode) {
    say(el.orderMessage, t('payProvider', { id: String(intent.body['paymentId'] ?? '') }), 'info');
    return;
  }
  for (let tries = 0; ; tries += 1) {
    const delivered = await api('POST', `/dev/mock-pay/${orderSn}`);
    const code = delivered.kind === 'reply' ? errorOf(delivered.body)?.code : undefined;
    // The provider retries a delivery that is still being processed; so does the mock.
    if ((code === 'CALLBACK_IN_PROGRESS' || (delivered.kind === 'reply' && delivered.status === 503)) && tries < MAX_UNAVAILABLE_RETRIES) {
      await sleep(backoffMs(tries, delivered.kind === 'reply' ? delivered.retryAfterS : null));
      continue;
    }
    if (delivered.kind !== 'reply' || delivered.status !== 200) return orderRefusal(delivered);
    break;
  }
  await loadOrder(orderSn);
  if (state.order?.status === 'paid') say(el.orderMessage, t('paid'), 'ok');
  else say(el.orderMessage, t('notPending', { status: statusText(state.order?.status ?? '') }), 'warn');
}

async function cancel(orderSn: string): Promise<void> {
  say(el.orderMessage, t('cancelling'), 'info');
  const reply = await api('POST', `/api/v1/orders/${orderSn}/cancel`);
  if (reply.kind === 'reply' && reply.status === 200 && isOrder(reply.body)) {
    showOrder(reply.body);
    say(el.orderMessage, t('cancelled'), 'ok');
    void refreshAvailability();
    return;
  }
  orderRefusal(reply);
}

async function refreshMyOrders(): Promise<void> {
  const reply = await api('GET', '/api/v1/orders?limit=10');
  if (reply.kind !== 'reply' || reply.status !== 200 || !isRecord(reply.body) || !Array.isArray(reply.body['orders'])) return;
  const orders = (reply.body['orders'] as unknown[]).filter(isOrder);
  if (orders.length === 0) {
    el.myOrdersList.replaceChildren(Object.assign(document.createElement('li'), { textContent: t('noOrders'), className: 'hint' }));
    return;
  }
  el.myOrdersList.replaceChildren(
    ...orders.map((o) => {
      const li = document.createElement('li');
      li.dataset['orderSn'] = o.orderSn;
      const sn = Object.assign(document.createElement('span'), { className: 'mono', textContent: o.orderSn });
      const status = Object.assign(document.createElement('span'), { className: `status ${o.status}`, textContent: statusText(o.status) });
      const total = Object.assign(document.createElement('span'), { textContent: `${o.items.map((i) => i.itemName).join(', ')} · ${money(o.totalCents)}` });
      const view = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: t('view') });
      view.addEventListener('click', () => {
        void loadOrder(o.orderSn);
      });
      li.append(sn, status, total, view);
      return li;
    }),
  );
}

// ---- sign-in -------------------------------------------------------------------------------------------------

/** The subject of a token that has not expired; the service checks the signature, the page only reads it. */
function subjectOf(token: string): string | null {
  try {
    const part = token.split('.')[1] ?? '';
    const payload: unknown = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')));
    if (!isRecord(payload) || typeof payload['sub'] !== 'string') return null;
    if (typeof payload['exp'] === 'number' && payload['exp'] * 1000 <= Date.now()) return null;
    return payload['sub'];
  } catch {
    return null;
  }
}

/** A platform passes the token as ?token= (taken out of the address bar at once) or leaves it in localStorage. */
function findToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.toString());
    save(STORE.token, fromUrl);
  }
  for (const candidate of [load(STORE.token), load(STORE.token, 'local')]) {
    if (candidate && subjectOf(candidate)) return candidate;
  }
  return null;
}

function showSignIn(message: MessageKey | null = null): void {
  el.app.hidden = true;
  el.signIn.hidden = false;
  el.devSignIn.hidden = !devMode;
  el.platformSignIn.hidden = devMode;
  el.who.hidden = true;
  el.signOut.hidden = true;
  say(el.signInMessage, message ? t(message) : '', message ? 'warn' : 'info');
  if (devMode) el.devSub.focus();
}

function sessionExpired(): void {
  state.token = null;
  save(STORE.token, null);
  showSignIn('sessionExpired');
}

async function devSignIn(): Promise<void> {
  const sub = el.devSub.value.trim();
  if (!el.devSignIn.reportValidity()) return;
  const button = byId('dev-sign-in-button', HTMLButtonElement);
  button.disabled = true;
  try {
    const reply = await api('GET', `/dev/token?${new URLSearchParams({ sub }).toString()}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && typeof reply.body['token'] === 'string') {
      save(STORE.token, reply.body['token']);
      await enterApp(reply.body['token']);
      return;
    }
    say(el.signInMessage, t('signInFailed'), 'error');
  } finally {
    button.disabled = false;
  }
}

function signOut(): void {
  save(STORE.token, null);
  save(STORE.order, null);
  try {
    localStorage.removeItem(STORE.token);
  } catch {
    // Nothing stored there.
  }
  location.reload();
}

// ---- start ---------------------------------------------------------------------------------------------------

async function tick(): Promise<void> {
  if (state.ticking || document.hidden || !state.token) return;
  state.ticking = true;
  try {
    await refreshAvailability();
    if (state.order?.status === 'pending' && !state.orderBusy) await loadOrder(state.order.orderSn);
  } finally {
    state.ticking = false;
  }
}

let started = false;

async function enterApp(token: string): Promise<void> {
  state.token = token;
  state.sub = subjectOf(token);
  el.signIn.hidden = true;
  el.app.hidden = false;
  el.who.hidden = false;
  el.who.textContent = t('signedInAs', { name: state.sub ?? '' });
  el.signOut.hidden = false;
  await loadCatalogue();

  const pending = readAttempt();
  state.attempt = pending && pending.sub === state.sub ? pending : null;
  if (state.attempt) fillForm(state.attempt.body);
  showKindFields();
  updatePrice();
  updateBookButton();

  const savedOrder = load(STORE.order);
  if (savedOrder) void loadOrder(savedOrder);
  void refreshMyOrders();
  void refreshAvailability();
  // A reload while a booking was in flight: send the same attempt again; the key makes it book at most once.
  if (state.attempt && !state.inFlight) void runAttempt(state.attempt, true);

  if (!started) {
    started = true;
    setInterval(() => {
      void tick();
    }, POLL_MS);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void tick();
    });
  }
}

function onFormChanged(): void {
  if (state.inFlight) return;
  showKindFields();
  updatePrice();
  updateBookButton();
  void refreshAvailability();
}

function wire(): void {
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void onBook();
  });
  el.form.addEventListener('change', onFormChanged);
  el.form.addEventListener('input', () => {
    updatePrice();
    updateBookButton();
  });
  el.devSignIn.addEventListener('submit', (event) => {
    event.preventDefault();
    void devSignIn();
  });
  el.signOut.addEventListener('click', signOut);
  el.pay.addEventListener('click', () => {
    void orderAction(el.pay, pay);
  });
  el.cancel.addEventListener('click', () => {
    void orderAction(el.cancel, cancel);
  });
  el.checkIn.min = localDate(0);
  el.checkOut.min = localDate(1);
  el.visitDate.min = localDate(0);
  el.checkIn.value = localDate(1);
  el.checkOut.value = localDate(2);
  el.visitDate.value = localDate(1);
}

applyLanguage();
wire();
const initialToken = findToken();
if (initialToken) void enterApp(initialToken);
else showSignIn();
