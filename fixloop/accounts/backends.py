"""Sign-in by phone or email: resolve either to exactly one account, then check the password."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from fixloop.accounts.models import User


class PhoneOrEmailBackend(ModelBackend):
    """Accepts a phone number or an email address where the login form asks for a username.

    A username is left to ModelBackend. An identifier that matches more than one account signs no one
    in, so a shared phone or email can never pick someone else's account.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        identifier = username.strip()
        if "@" in identifier:
            match = Q(email__iexact=identifier) | Q(customer_profile__email__iexact=identifier)
        else:
            phone = "".join(ch for ch in identifier if ch not in " -")
            match = Q(phone=phone) | Q(customer_profile__phone=phone)
        users = list(User.objects.filter(match).distinct()[:2])
        if len(users) != 1:
            User().set_password(password)  # hash anyway, as ModelBackend does, so timing reveals nothing
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
