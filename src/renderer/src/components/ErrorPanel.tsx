/** The one shape of every "something went wrong" panel: a title, the message (its `code` as code), what to do next. */
import type { ReactNode } from 'react';
import { CodeText } from './CodeText';

export interface ErrorPanelProps {
  title: string;
  message?: string;
  testId?: string;
  /** Announce to assistive technology (off for outcomes the user chose, such as a cancel). */
  alert?: boolean;
  /** Extra explanation between the message and the actions. */
  children?: ReactNode;
  actions: ReactNode;
}

export function ErrorPanel({ title, message, testId, alert = true, children, actions }: ErrorPanelProps) {
  return (
    <section className={alert ? 'panel error-panel' : 'panel'} data-testid={testId} role={alert ? 'alert' : undefined}>
      <h2>{title}</h2>
      {message && (
        <p className="error-message">
          <CodeText text={message} />
        </p>
      )}
      {children}
      <div className="actions">{actions}</div>
    </section>
  );
}
