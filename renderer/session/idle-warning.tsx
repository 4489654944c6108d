import { Dialog } from '../ui/dialog';

/** Shown shortly before the idle lock; any key, click or the button keeps the session open. */
export function IdleWarning({ secondsLeft, onStay }: { secondsLeft: number; onStay: () => void }) {
  return (
    <Dialog
      open
      role="alertdialog"
      title="Are you still there?"
      onClose={onStay}
      footer={
        <button type="button" className="button button--primary" onClick={onStay} autoFocus>
          Stay signed in
        </button>
      }
    >
      <p className="idle-warning__count">You will be locked in {secondsLeft} s</p>
      <p>
        For patient privacy this workstation locks when it is not in use. Anything you have typed stays on screen and is
        there again after you unlock.
      </p>
    </Dialog>
  );
}
