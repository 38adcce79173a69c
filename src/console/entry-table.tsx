import { formatMoney } from '../domain/money.js'
import type { ListedEntryView } from '../routes/admin/ledger.routes.js'
import { LEDGER as W } from './catalog.js'
import { Csrf } from './layout.js'

/**
 * A ledger table: the entries as they are, amounts in the entry's own currency, the donor's
 * keyed id and the name they agreed to show, and for each entry not yet reversed a form that
 * reverses it with a reason (a counter-entry through the admin API).
 */
export function EntryTable(props: {
  entries: ListedEntryView[]
  locale: string
  base: string
  csrf: string
}) {
  const reversed = new Set(
    props.entries.flatMap((e) => (e.kind === 'reversal' && e.sourceId ? [e.sourceId] : [])),
  )
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>{W.recorded}</th>
            <th>{W.month}</th>
            <th>{W.kind}</th>
            <th class="num">{W.amount}</th>
            <th class="num">{W.fee}</th>
            <th class="num">{W.net}</th>
            <th>{W.counted}</th>
            <th>{W.donor}</th>
            <th>{W.source}</th>
            <th>{W.note}</th>
            <th>{W.by}</th>
            <th>{W.reverse}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr id={`entry-${e.id}`}>
              <td>{e.recordedAt.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.month ?? ''}</td>
              <td>{W.kinds[e.kind]}</td>
              <td class="num">{formatMoney(e.amount, e.currency, { locale: props.locale })}</td>
              <td class="num" title={e.balanceTransaction ?? undefined}>
                {e.fee === null ? '' : formatMoney(e.fee, e.currency, { locale: props.locale })}
              </td>
              <td class="num">
                {e.net === null ? '' : formatMoney(e.net, e.currency, { locale: props.locale })}
              </td>
              <td>{e.counted ? W.yes : W.no}</td>
              <td>
                {e.displayName && <strong>{e.displayName}</strong>}
                {e.displayName && e.donor && <br />}
                {e.donor && <code title={W.donorKey}>{e.donor}</code>}
              </td>
              <td title={e.source}>{e.paymentRef ?? e.sourceId ?? e.source}</td>
              <td>{e.note ?? ''}</td>
              <td>{e.actor ?? ''}</td>
              <td>
                {e.kind !== 'reversal' && !reversed.has(e.id) && (
                  <details>
                    <summary>{W.reverse}</summary>
                    <form
                      method="post"
                      action={`${props.base}/ledger/${encodeURIComponent(e.id)}/reverse`}
                      class="stack"
                    >
                      <Csrf token={props.csrf} />
                      <label>
                        {W.reason}
                        <input name="reason" required maxlength={500} />
                      </label>
                      <button type="submit">{W.reverseButton}</button>
                    </form>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
